import Core
import Foundation
import Markup
import Media
import Portal

/// `/admin/inquiries/:id`: one inquiry for the coordinator: what the patient wrote, their files,
/// other inquiries from the same address or number, the thread, and every triage action, each
/// a plain form carrying the version the page shows (so a colleague's change in between is caught).
public struct AdminInquiryPage: Sendable {
    public struct Entry: Sendable {
        public let kind: MessageKind
        public let author: String
        public let at: String
        public let body: String
    }

    public let chrome: PageChrome
    public let csrfToken: String
    public let opened: Inquiries.Opened
    public let thread: [Entry]
    public let duplicates: [InquiryRecord]
    /// Active surgeons as (id, name), to assign.
    public let surgeons: [(id: String, name: String)]
    public let surgeonName: String?
    /// A one-line result of the last action, or why it did not happen.
    public let notice: (kind: Alert.Kind, message: String)?
    /// Field → message, for the forms.
    public let errors: [String: String]
    /// What the coordinator had typed when the action failed, kept.
    public let draft: (field: String, text: String)?
    public let timeZone: TimeZone
    public let now: Date

    public init(chrome: PageChrome, csrfToken: String, opened: Inquiries.Opened, thread: [Entry], duplicates: [InquiryRecord],
                surgeons: [(id: String, name: String)], surgeonName: String?, notice: (kind: Alert.Kind, message: String)?,
                errors: [String: String] = [:], draft: (field: String, text: String)? = nil, timeZone: TimeZone, now: Date = Date()) {
        self.chrome = chrome
        self.csrfToken = csrfToken
        self.opened = opened
        self.thread = thread
        self.duplicates = duplicates
        self.surgeons = surgeons
        self.surgeonName = surgeonName
        self.notice = notice
        self.errors = errors
        self.draft = draft
        self.timeZone = timeZone
        self.now = now
    }
}

extension AdminInquiryPage: Node {
    public func render(into buffer: inout String) {
        let t = chrome.localizer
        let locale = chrome.locale
        let record = opened.details.record
        let details = opened.details
        let id = record.id?.uuidString.lowercased() ?? ""
        let title = t.t("Inquiry {reference}", ["reference": record.reference])
        let language = SiteLocale(rawValue: record.language)
        PageLayout(chrome: chrome, title: title) {
            div(.class("mx-auto flex max-w-4xl flex-col gap-6")) {
                p { a(.href(SafeURL.path("admin", "inquiries")), .class("inline-flex min-h-11 items-center font-semibold text-brand-700 underline underline-offset-4")) { t.t("All inquiries") } }
                h1(.class("text-3xl font-bold")) { title }
                p(.class("text-lg font-semibold")) { TriageLabels.status(record.status, t) }
                if let notice { Alert(notice.kind, message: notice.message, icons: chrome.context.icons) }
                section(.aria(.labelledby, "inquiry-details"), .class("flex flex-col gap-3")) {
                    h2(.id("inquiry-details"), .class("text-xl font-bold")) { t.t("What the patient wrote") }
                    dl(.class("grid gap-x-6 gap-y-2 rounded-2xl border border-line bg-white p-4 sm:grid-cols-[auto_1fr]")) {
                        dt(.class("font-semibold")) { t.t("Patient") }
                        dd { bdi { details.name } }
                        dt(.class("font-semibold")) { t.t("Age") }
                        dd { Numerals.localized(String(record.age), for: locale) }
                        if record.isMinor {
                            dt(.class("font-semibold")) { t.t("Parent or guardian") }
                            dd {
                                bdi { details.guardianName ?? "" }
                                if let relationship = record.guardianRelationship { " (" + t.t(relationship.label) + ")" }
                            }
                        }
                        dt(.class("font-semibold")) { t.t("Country") }
                        dd { Countries.name(record.region, in: locale) }
                        dt(.class("font-semibold")) { t.t("Email address") }
                        dd(.dir("ltr"), .class("text-start break-all")) { details.email }
                        if let phone = details.phone {
                            dt(.class("font-semibold")) { t.t("Phone") }
                            dd {
                                a(.href(SafeURL("tel:\(phone)") ?? SafeURL.path("admin")), .dir("ltr"), .class("font-semibold text-brand-700 underline underline-offset-4")) { phone }
                                if record.whatsapp { " · " + t.t("Uses WhatsApp") }
                            }
                        }
                        dt(.class("font-semibold")) { t.t("Language for our answers") }
                        dd { language?.endonym ?? record.language }
                        dt(.class("font-semibold")) { t.t("Treatment") }
                        dd { t.t(record.method.label) }
                        if let zone = record.timeZone.flatMap(TimeZone.init(identifier:)) {
                            dt(.class("font-semibold")) { t.t("Patient's time now") }
                            dd { DateFormatting.string(from: now, style: .time, locale: locale, timeZone: zone) }
                        }
                        dt(.class("font-semibold")) { t.t("Sent") }
                        dd { DateFormatting.string(from: record.createdAt, style: .dateTime, locale: locale, timeZone: timeZone) }
                        if let heightGoal = details.heightGoal {
                            dt(.class("font-semibold")) { t.t("Height and goal") }
                            dd(.dir("auto"), .class("whitespace-pre-line text-start")) { heightGoal }
                        }
                        if let message = details.message {
                            dt(.class("font-semibold")) { t.t("Message") }
                            dd(.dir("auto"), .class("whitespace-pre-line text-start")) { message }
                        }
                        dt(.class("font-semibold")) { t.t("Consent") }
                        dd { t.t("Privacy notice {version}, agreed {date}", ["version": record.consentVersion,
                                                                             "date": DateFormatting.string(from: record.consentedAt, style: .dateTime, locale: locale, timeZone: timeZone)]) }
                    }
                }
                files(id)
                if !duplicates.isEmpty {
                    section(.aria(.labelledby, "inquiry-duplicates"), .class("flex flex-col gap-3")) {
                        h2(.id("inquiry-duplicates"), .class("text-xl font-bold")) { t.t("Other inquiries from the same address or number") }
                        ul(.class("flex flex-col gap-2")) {
                            for other in duplicates {
                                li {
                                    a(.href(SafeURL.path("admin", "inquiries", other.id?.uuidString.lowercased() ?? "")),
                                      .class("inline-flex min-h-11 items-center font-semibold text-brand-700 underline underline-offset-4")) {
                                        span(.dir("ltr")) { other.reference }
                                    }
                                    " · " + TriageLabels.status(other.status, t) + " · "
                                        + DateFormatting.string(from: other.createdAt, style: .long, locale: locale, timeZone: timeZone)
                                }
                            }
                        }
                    }
                }
                section(.aria(.labelledby, "inquiry-thread"), .class("flex flex-col gap-3")) {
                    h2(.id("inquiry-thread"), .class("text-xl font-bold")) { t.t("Messages") }
                    if thread.isEmpty { p(.class("text-muted")) { t.t("No one has replied yet.") } }
                    ol(.class("flex flex-col gap-3")) {
                        for entry in thread {
                            li(.class(entry.kind == .note ? "rounded-xl border border-amber-300 bg-amber-50 p-3" : "rounded-xl border border-line bg-white p-3")) {
                                p(.class("text-sm font-semibold")) {
                                    (entry.kind == .note ? t.t("Internal note") : entry.kind == .reply ? t.t("Reply to the patient") : t.t("From the patient"))
                                        + " · "
                                    bdi { entry.author }
                                    " · " + entry.at
                                }
                                p(.dir("auto"), .class("whitespace-pre-line text-start")) { entry.body }
                            }
                        }
                    }
                }
                if record.status != .converted { actions(id, language: language) }
            }
        }.render(into: &buffer)
    }

    private func files(_ id: String) -> some Node {
        let t = chrome.localizer
        let locale = chrome.locale
        return section(.aria(.labelledby, "inquiry-files"), .class("flex flex-col gap-3")) {
            h2(.id("inquiry-files"), .class("text-xl font-bold")) { t.t("Files") }
            if opened.files.isEmpty { p(.class("text-muted")) { t.t("No files came with this inquiry.") } }
            ul(.class("flex flex-col gap-2")) {
                for file in opened.files {
                    RecordFileItem(file: file, localizer: t, locale: locale,
                                   openURL: file.record.state == .clean
                                       ? SafeURL.path("admin", "inquiries", id, "files", file.record.id?.uuidString.lowercased() ?? "") : nil,
                                   forStaff: true)
                }
            }
        }
    }

    private func actions(_ id: String, language: SiteLocale?) -> some Node {
        let t = chrome.localizer
        let record = opened.details.record
        let version = String(record.version)
        func hidden() -> Fragment {
            Fragment {
                input(.type("hidden"), .name("csrf_token"), .value(csrfToken))
                input(.type("hidden"), .name("version"), .value(version))
            }
        }
        let formClasses = "flex flex-col gap-4 rounded-2xl border border-line bg-white p-4"
        return section(.aria(.labelledby, "inquiry-actions"), .class("flex flex-col gap-4")) {
            h2(.id("inquiry-actions"), .class("text-xl font-bold")) { t.t("Triage") }
            form(.method(.post), .action(SafeURL.path("admin", "inquiries", id, "reply")), .class(formClasses)) {
                hidden()
                FormField(name: "body", label: t.t("Reply to the patient in {language}", ["language": language?.endonym ?? record.language]),
                          control: .multiline(rows: 6), value: draft?.field == "reply" ? draft?.text ?? "" : "",
                          hint: t.t("The patient reads it in their account; the e-mail we send says only that there is a reply."),
                          error: draft?.field == "reply" ? errors["body"] : nil)
                div { Button(t.t("Send reply")) }
            }
            form(.method(.post), .action(SafeURL.path("admin", "inquiries", id, "note")), .class(formClasses)) {
                hidden()
                FormField(name: "body", label: t.t("Internal note"), control: .multiline(rows: 3),
                          value: draft?.field == "note" ? draft?.text ?? "" : "", hint: t.t("Only staff see notes."),
                          error: draft?.field == "note" ? errors["body"] : nil)
                div { Button(t.t("Add note"), style: .secondary) }
            }
            form(.method(.post), .action(SafeURL.path("admin", "inquiries", id, "assign")), .class(formClasses)) {
                hidden()
                FormField(name: "surgeon", label: t.t("Surgeon"),
                          control: .select(options: [("", t.t("Choose a surgeon"))] + surgeons.map { ($0.id, $0.name) }),
                          value: record.surgeonID?.uuidString.lowercased() ?? "", error: errors["surgeon"])
                div { Button(t.t("Assign"), style: .secondary) }
            }
            form(.method(.post), .action(SafeURL.path("admin", "inquiries", id, "convert")), .class(formClasses)) {
                hidden()
                p {
                    if let surgeonName {
                        t.t("Open a case for this patient with {surgeon}: the surgeon can then open the patient's record, and the patient is invited to the portal if they have no account.", ["surgeon": surgeonName])
                    } else {
                        t.t("Assign a surgeon before opening a case.")
                    }
                }
                if let error = errors["status"] { p(.role("alert"), .class("font-semibold text-red-800")) { error } }
                div { Button(t.t("Open a case")) }
            }
            form(.method(.post), .action(SafeURL.path("admin", "inquiries", id, "status")), .class(formClasses)) {
                hidden()
                FormField(name: "duplicate_of", label: t.t("It repeats inquiry (reference)"), control: .text(autocomplete: "off"),
                          value: draft?.field == "duplicate" ? draft?.text ?? "" : "", error: errors["duplicate_of"])
                div(.class("flex flex-wrap gap-3")) {
                    Button(t.t("Mark as duplicate"), style: .secondary, kind: .submit, .name("to"), .value("duplicate"))
                    Button(t.t("Mark as spam"), style: .secondary, kind: .submit, .name("to"), .value("spam"))
                    if record.status == .closed || record.status == .spam || record.status == .duplicate {
                        Button(t.t("Reopen"), style: .secondary, kind: .submit, .name("to"), .value("reopen"))
                    } else {
                        Button(t.t("Close"), style: .secondary, kind: .submit, .name("to"), .value("close"))
                    }
                }
            }
        }
    }
}
