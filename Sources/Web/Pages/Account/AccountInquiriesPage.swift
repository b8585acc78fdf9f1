import Core
import Foundation
import Markup
import Media
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

/// One of the patient's inquiries, as they sent it, its thread with the clinic, and (while it
/// is open) the form to write to the clinic and add files.
public struct AccountInquiryPage: Sendable {
    /// The form to write back, as it was left: what was typed and sent, and what went wrong.
    public struct Writing: Sendable {
        public let csrfToken: String
        public let formToken: String
        public var body = ""
        public var error: String?
        /// Files this form already received (kept after an error).
        public var pending: [UploadRecord] = []
        public var refusals: [String] = []

        public init(csrfToken: String, formToken: String) {
            self.csrfToken = csrfToken
            self.formToken = formToken
        }
    }

    public let chrome: PageChrome
    public let opened: Inquiries.Opened
    /// The clinic's replies and the patient's own messages.
    public let messages: [Inquiries.Message]
    public let timeZone: TimeZone
    public let writing: Writing
    public let banner: (kind: Alert.Kind, message: String)?

    public init(chrome: PageChrome, opened: Inquiries.Opened, messages: [Inquiries.Message], timeZone: TimeZone, writing: Writing,
                banner: (kind: Alert.Kind, message: String)? = nil) {
        self.chrome = chrome
        self.opened = opened
        self.messages = messages
        self.timeZone = timeZone
        self.writing = writing
        self.banner = banner
    }

    var canWrite: Bool { QueueFilter.open.contains(opened.details.record.status) }
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
                if let banner { Alert(banner.kind, message: banner.message, icons: chrome.context.icons) }
                if canWrite {
                    ErrorSummary(title: t.t("There is a problem"), problems: writing.error.map { [ErrorSummary.Problem(fieldID: "field-body", message: $0)] } ?? [])
                } else if let error = writing.error {
                    // Closed meanwhile: the form (and the field a summary would link to) is gone.
                    Alert(.error, message: error, icons: chrome.context.icons)
                }
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
                    h2(.id("inquiry-replies"), .class("text-xl font-bold")) { t.t("Messages") }
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
                                    p(.dir("auto"), .class("whitespace-pre-line text-start")) { message.body }
                                }
                            }
                        }
                    }
                }
                if canWrite { writeForm }
                section(.aria(.labelledby, "inquiry-files"), .class("flex flex-col gap-3")) {
                    h2(.id("inquiry-files"), .class("text-xl font-bold")) { t.t("Files you sent with it") }
                    if opened.files.isEmpty {
                        p(.class("text-muted")) { t.t("No files came with this inquiry yet.") }
                    } else {
                        ul(.class("flex flex-col gap-2")) {
                            for file in opened.files { RecordFileItem(file: file, localizer: t, locale: locale, openURL: nil, forStaff: false) }
                        }
                    }
                }
                p { a(.href(SafeURL.path(locale.rawValue, "account", "inquiries")), .class("inline-flex min-h-11 items-center font-semibold text-brand-700 underline underline-offset-4")) { t.t("All your inquiries") } }
            }
        }.render(into: &buffer)
    }
}

extension AccountInquiryPage {
    /// Writing to the clinic: a message, files, or both, as one streamed multipart post that works
    /// without JavaScript; with it, files go ahead under the same form token.
    private var writeForm: some Node {
        let t = chrome.localizer
        let locale = chrome.locale
        let id = opened.details.record.id?.uuidString.lowercased() ?? ""
        let language = SiteLocale(rawValue: opened.details.record.language)?.endonym ?? opened.details.record.language
        return section(.aria(.labelledby, "inquiry-write"), .class("flex flex-col gap-3")) {
            h2(.id("inquiry-write"), .class("text-xl font-bold")) { t.t("Write to the clinic") }
            // The tokens come before the files: the server checks them before it writes a byte of any file.
            form(.method(.post), .action(SafeURL.path(locale.rawValue, "account", "inquiries", id, "messages")), .enctype("multipart/form-data"),
                 .novalidate, .class("flex flex-col gap-4 rounded-2xl border border-line bg-white p-4 sm:p-6")) {
                input(.type("hidden"), .name("csrf_token"), .value(writing.csrfToken))
                input(.type("hidden"), .name("form_token"), .value(writing.formToken))
                FormField(name: "body", label: t.t("Your message"), control: .multiline(rows: 5), value: writing.body,
                          hint: t.t("A patient coordinator reads it and answers you here in {language}.", ["language": language]),
                          error: writing.error)
                if !writing.pending.isEmpty { PendingUploads(uploads: writing.pending, localizer: t, locale: locale) }
                UploadRefusals(refusals: writing.refusals, localizer: t)
                UploadField(label: t.t("X-rays, photos and scans (optional)"),
                            hint: t.t("Full-length standing X-rays of the legs help most. Photos (JPEG, PNG, WebP, HEIC, AVIF), PDF reports, DICOM files or a ZIP of a DICOM study from a CD."),
                            endpoint: SafeURL.path(locale.rawValue, "uploads"), formToken: writing.formToken, localizer: t,
                            assets: chrome.context.assets)
                div { Button(t.t("Send")) }
            }
        }
    }
}
