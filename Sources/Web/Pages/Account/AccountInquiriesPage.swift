import Core
import Foundation
import Markup
import Portal

/// `/{locale}/account/inquiries` and `/{locale}/account/inquiries/:id`: a patient's inquiries,
/// and one of them as they sent it, with its files and where it stands.
public struct AccountInquiriesPage: Sendable {
    public struct Row: Sendable {
        public let url: SafeURL
        public let reference: String
        public let sentAt: String
        public let status: String
    }

    public let chrome: PageChrome
    public let rows: [Row]
    /// The patient's cases, each as its reference and state.
    public let cases: [(reference: String, status: String)]
    public let notice: String?

    public init(chrome: PageChrome, inquiries: [InquiryRecord], cases: [CaseRecord], timeZone: TimeZone, notice: String?) {
        self.cases = cases.map { ($0.reference, TriageLabels.caseStatus($0.status, chrome.localizer)) }
        let t = chrome.localizer
        self.chrome = chrome
        self.rows = inquiries.map { record in
            Row(url: SafeURL.path(chrome.locale.rawValue, "account", "inquiries", record.id?.uuidString.lowercased() ?? ""),
                reference: record.reference,
                sentAt: DateFormatting.string(from: record.createdAt, style: .dateTime, locale: chrome.locale, timeZone: timeZone),
                status: t.t(record.status.patientLabel))
        }
        self.notice = notice
    }
}

extension InquiryStatus {
    /// Where the inquiry stands, as the patient is told.
    var patientLabel: String {
        switch self {
        case .new: msgid("Received, waiting for a coordinator")
        case .answered, .assigned: msgid("In progress")
        case .converted: msgid("Your case is open")
        case .closed, .spam, .duplicate: msgid("Closed")
        }
    }
}

extension AccountInquiriesPage: Node {
    public func render(into buffer: inout String) {
        let t = chrome.localizer
        let locale = chrome.locale
        PageLayout(chrome: chrome, title: t.t("Your inquiries")) {
            div(.class("mx-auto flex max-w-3xl flex-col gap-6")) {
                h1(.class("text-3xl font-bold")) { t.t("Your inquiries") }
                if let notice { Alert(.success, message: notice, icons: chrome.context.icons) }
                if !cases.isEmpty {
                    section(.aria(.labelledby, "your-cases"), .class("flex flex-col gap-3 rounded-2xl border-2 border-brand-200 bg-brand-50 p-4")) {
                        h2(.id("your-cases"), .class("text-xl font-bold")) { t.t("Your case") }
                        ul(.class("flex flex-col gap-1")) {
                            for patientCase in cases {
                                li { t.t("Case {reference}", ["reference": patientCase.reference]) + " · " + patientCase.status }
                            }
                        }
                        p { t.t("Your care team will write to you here as your treatment is planned.") }
                    }
                }
                if rows.isEmpty {
                    p { t.t("You have not sent an inquiry yet.") }
                } else {
                    ul(.class("flex flex-col gap-3")) {
                        for row in rows {
                            li(.class("flex flex-col gap-1 rounded-2xl border border-line bg-white p-4")) {
                                a(.href(row.url), .class("inline-flex min-h-11 items-center text-lg font-semibold text-brand-700 underline underline-offset-4")) {
                                    t.t("Inquiry {reference}", ["reference": row.reference])
                                }
                                p(.class("text-sm text-muted")) { t.t("Sent {date}", ["date": row.sentAt]) }
                                p { row.status }
                            }
                        }
                    }
                }
                div { LinkButton(t.t("Send a new inquiry"), to: SafeURL.path(locale.rawValue, "inquiry"), style: .secondary) }
            }
        }.render(into: &buffer)
    }
}

/// One of the patient's inquiries, as they sent it.
public struct AccountInquiryPage: Sendable {
    public let chrome: PageChrome
    public let opened: Inquiries.Opened
    /// The clinic's replies and the patient's own messages.
    public let messages: [Inquiries.Message]
    public let timeZone: TimeZone

    public init(chrome: PageChrome, opened: Inquiries.Opened, messages: [Inquiries.Message], timeZone: TimeZone) {
        self.chrome = chrome
        self.opened = opened
        self.messages = messages
        self.timeZone = timeZone
    }
}

extension AccountInquiryPage: Node {
    public func render(into buffer: inout String) {
        let t = chrome.localizer
        let locale = chrome.locale
        let record = opened.details.record
        let title = t.t("Inquiry {reference}", ["reference": record.reference])
        PageLayout(chrome: chrome, title: title) {
            div(.class("mx-auto flex max-w-3xl flex-col gap-6")) {
                h1(.class("text-3xl font-bold")) { title }
                p(.class("text-lg font-semibold")) { t.t(record.status.patientLabel) }
                dl(.class("grid gap-x-6 gap-y-2 rounded-2xl border border-line bg-white p-4 sm:grid-cols-[auto_1fr]")) {
                    dt(.class("font-semibold")) { t.t("Sent") }
                    dd { DateFormatting.string(from: record.createdAt, style: .dateTime, locale: locale, timeZone: timeZone) }
                    dt(.class("font-semibold")) { t.t("Patient") }
                    dd { bdi { opened.details.name } }
                    dt(.class("font-semibold")) { t.t("Treatment you are interested in") }
                    dd { t.t(record.method.label) }
                    dt(.class("font-semibold")) { t.t("Language for our answers") }
                    dd { SiteLocale(rawValue: record.language)?.endonym ?? record.language }
                    if let heightGoal = opened.details.heightGoal {
                        dt(.class("font-semibold")) { t.t("Current height and your goal") }
                        dd(.class("whitespace-pre-line")) { heightGoal }
                    }
                    if let message = opened.details.message {
                        dt(.class("font-semibold")) { t.t("Your message") }
                        dd(.class("whitespace-pre-line")) { message }
                    }
                }
                section(.aria(.labelledby, "inquiry-replies"), .class("flex flex-col gap-3")) {
                    h2(.id("inquiry-replies"), .class("text-xl font-bold")) { t.t("Replies from the clinic") }
                    if messages.isEmpty {
                        p(.class("text-muted")) { t.t("No reply yet. We will e-mail you when there is one.") }
                    } else {
                        ol(.class("flex flex-col gap-3")) {
                            for message in messages {
                                li(.class("rounded-2xl border border-line bg-white p-4")) {
                                    p(.class("text-sm font-semibold text-muted")) {
                                        (message.kind == .reply ? t.t("Hills Clinic") : t.t("You")) + " · "
                                            + DateFormatting.string(from: message.createdAt, style: .dateTime, locale: locale, timeZone: timeZone)
                                    }
                                    p(.class("whitespace-pre-line")) { message.body }
                                }
                            }
                        }
                    }
                }
                section(.aria(.labelledby, "inquiry-files"), .class("flex flex-col gap-3")) {
                    h2(.id("inquiry-files"), .class("text-xl font-bold")) { t.t("Files you sent with it") }
                    if opened.files.isEmpty {
                        p(.class("text-muted")) { t.t("No files came with this inquiry. You can send X-rays and reports from Your files.") }
                    } else {
                        ul(.class("flex flex-col gap-2")) {
                            for file in opened.files {
                                li(.class("flex flex-wrap items-center gap-x-3 gap-y-1 rounded-xl border border-line bg-white px-3 py-2")) {
                                    bdi(.class("font-semibold break-all")) { file.displayName }
                                    span(.class("text-sm text-muted")) { "\(UploadLabels.kind(file.kind, t)), \(UploadLabels.size(file.byteCount, locale))" }
                                    span(.class("text-sm")) { UploadLabels.state(file.state, t) }
                                }
                            }
                        }
                    }
                    p { a(.href(SafeURL.path(locale.rawValue, "account", "files")), .class("inline-flex min-h-11 items-center font-semibold text-brand-700 underline underline-offset-4")) { t.t("Your files") } }
                }
                p { a(.href(SafeURL.path(locale.rawValue, "account", "inquiries")), .class("inline-flex min-h-11 items-center font-semibold text-brand-700 underline underline-offset-4")) { t.t("All your inquiries") } }
            }
        }.render(into: &buffer)
    }
}
