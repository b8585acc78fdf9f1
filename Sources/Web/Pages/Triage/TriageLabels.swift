import Core
import Portal

/// How inquiries' and cases' states read for staff, in their language.
enum TriageLabels {
    static func status(_ status: InquiryStatus, _ t: Localizer) -> String {
        switch status {
        case .new: t.t("New")
        case .answered: t.t("Answered")
        case .assigned: t.t("Surgeon assigned")
        case .converted: t.t("Became a case")
        case .closed: t.t("Closed")
        case .spam: t.t("Spam")
        case .duplicate: t.t("Duplicate")
        }
    }

    static func caseStatus(_ status: CaseStatus, _ t: Localizer) -> String {
        switch status {
        case .planning: t.t("Planning")
        case .treatment: t.t("In treatment")
        case .followUp: t.t("Follow-up")
        case .closed: t.t("Closed")
        }
    }

    static func sort(_ sort: QueueSort, _ t: Localizer) -> String {
        switch sort {
        case .longestWaiting: t.t("Waiting longest")
        case .newest: t.t("Newest")
        case .youngest: t.t("Youngest patient")
        }
    }

    static func action(_ action: String, _ t: Localizer) -> String {
        switch action {
        case "reply": t.t("replied")
        case "note": t.t("added a note")
        case "assign": t.t("assigned a surgeon")
        case "spam": t.t("marked it as spam")
        case "duplicate": t.t("marked it as a duplicate")
        case "close": t.t("closed it")
        case "reopen": t.t("reopened it")
        case "convert": t.t("opened a case from it")
        case "link": t.t("linked it to the patient's account")
        case "patient": t.t("wrote to the clinic")
        default: t.t("changed it")
        }
    }
}
