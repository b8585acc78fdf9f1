import Accounts
import Core
import Foundation
import Markup
import Portal

/// `/admin/cases`: the cases a member of staff follows (a surgeon's own, a coordinator's regions'),
/// and `/admin/cases/:id`: one case, with its surgeon and the form to reassign it.
public struct AdminCasesPage: Sendable {
    public let chrome: PageChrome
    public let cases: [CaseRecord]
    public let timeZone: TimeZone

    public init(chrome: PageChrome, cases: [CaseRecord], timeZone: TimeZone) {
        self.chrome = chrome
        self.cases = cases
        self.timeZone = timeZone
    }
}

extension AdminCasesPage: Node {
    public func render(into buffer: inout String) {
        let t = chrome.localizer
        let locale = chrome.locale
        PageLayout(chrome: chrome, title: t.t("Cases")) {
            div(.class("mx-auto flex max-w-4xl flex-col gap-6")) {
                h1(.class("text-3xl font-bold")) { t.t("Cases") }
                if cases.isEmpty { p { t.t("You follow no case yet.") } }
                ul(.class("grid gap-3 md:grid-cols-2")) {
                    for patientCase in cases {
                        li(.class("flex flex-col gap-1 rounded-2xl border border-line bg-white p-4")) {
                            a(.href(SafeURL.path("admin", "cases", patientCase.id?.uuidString.lowercased() ?? "")),
                              .class("inline-flex min-h-11 items-center text-lg font-semibold text-brand-700 underline underline-offset-4")) {
                                t.t("Case {reference}", ["reference": patientCase.reference])
                            }
                            p { TriageLabels.caseStatus(patientCase.status, t) + " · " + Countries.name(patientCase.region, in: locale) }
                            p(.class("text-sm text-muted")) { DateFormatting.string(from: patientCase.createdAt, style: .long, locale: locale, timeZone: timeZone) }
                        }
                    }
                }
            }
        }.render(into: &buffer)
    }
}

public struct AdminCasePage: Sendable {
    public let chrome: PageChrome
    public let csrfToken: String
    public let patientCase: CaseRecord
    public let patientName: String
    public let surgeonName: String?
    public let surgeons: [(id: String, name: String)]
    public let notice: (kind: Alert.Kind, message: String)?
    public let timeZone: TimeZone

    public init(chrome: PageChrome, csrfToken: String, patientCase: CaseRecord, patientName: String, surgeonName: String?,
                surgeons: [(id: String, name: String)], notice: (kind: Alert.Kind, message: String)?, timeZone: TimeZone) {
        self.chrome = chrome
        self.csrfToken = csrfToken
        self.patientCase = patientCase
        self.patientName = patientName
        self.surgeonName = surgeonName
        self.surgeons = surgeons
        self.notice = notice
        self.timeZone = timeZone
    }
}

extension AdminCasePage: Node {
    public func render(into buffer: inout String) {
        let t = chrome.localizer
        let locale = chrome.locale
        let id = patientCase.id?.uuidString.lowercased() ?? ""
        let title = t.t("Case {reference}", ["reference": patientCase.reference])
        PageLayout(chrome: chrome, title: title) {
            div(.class("mx-auto flex max-w-3xl flex-col gap-6")) {
                p { a(.href(SafeURL.path("admin", "cases")), .class("inline-flex min-h-11 items-center font-semibold text-brand-700 underline underline-offset-4")) { t.t("All cases") } }
                h1(.class("text-3xl font-bold")) { title }
                if let notice { Alert(notice.kind, message: notice.message, icons: chrome.context.icons) }
                dl(.class("grid gap-x-6 gap-y-2 rounded-2xl border border-line bg-white p-4 sm:grid-cols-[auto_1fr]")) {
                    dt(.class("font-semibold")) { t.t("Patient") }
                    dd { bdi { patientName } }
                    dt(.class("font-semibold")) { t.t("Surgeon") }
                    dd { bdi { surgeonName ?? t.t("None assigned") } }
                    dt(.class("font-semibold")) { t.t("Status") }
                    dd { TriageLabels.caseStatus(patientCase.status, t) }
                    dt(.class("font-semibold")) { t.t("Treatment") }
                    dd { t.t(patientCase.method.label) }
                    dt(.class("font-semibold")) { t.t("Country") }
                    dd { Countries.name(patientCase.region, in: locale) }
                    dt(.class("font-semibold")) { t.t("Opened") }
                    dd { DateFormatting.string(from: patientCase.createdAt, style: .dateTime, locale: locale, timeZone: timeZone) }
                }
                if let inquiry = patientCase.inquiryID {
                    p { a(.href(SafeURL.path("admin", "inquiries", inquiry.uuidString.lowercased())), .class("inline-flex min-h-11 items-center font-semibold text-brand-700 underline underline-offset-4")) { t.t("The inquiry it came from") } }
                }
                form(.method(.post), .action(SafeURL.path("admin", "cases", id, "reassign")), .class("flex flex-col gap-4 rounded-2xl border border-line bg-white p-4")) {
                    input(.type("hidden"), .name("csrf_token"), .value(csrfToken))
                    input(.type("hidden"), .name("version"), .value(String(patientCase.version)))
                    FormField(name: "surgeon", label: t.t("Give the case to another surgeon"),
                              control: .select(options: surgeons.map { ($0.id, $0.name) }), value: patientCase.surgeonID?.uuidString.lowercased() ?? "",
                              hint: t.t("The new surgeon can open the patient's record; the previous one no longer can."))
                    div { Button(t.t("Reassign"), style: .secondary) }
                }
            }
        }.render(into: &buffer)
    }
}
