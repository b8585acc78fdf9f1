import Accounts
import Core
import Foundation
import Markup
import Media

/// `/admin/media/consents`: every consent for photos, with its withdrawal, and the form a
/// coordinator records one with from the signed paper.
public struct AdminConsentsPage: Sendable {
    public let chrome: PageChrome
    public let consents: [ConsentRecord]
    /// The accounts consents cover or were recorded by.
    public let people: [UUID: UserRecord]
    /// The signed forms attached to consents, by upload id.
    public let evidence: [UUID: UploadRecord]
    let entered: AdminConsentRoutes.ConsentForm
    public let csrfToken: String
    public let errors: [String: String]
    public let notice: String?

    init(chrome: PageChrome, consents: [ConsentRecord], people: [UUID: UserRecord], evidence: [UUID: UploadRecord],
         form: AdminConsentRoutes.ConsentForm, csrfToken: String, errors: [String: String], notice: String?) {
        self.chrome = chrome
        self.consents = consents
        self.people = people
        self.evidence = evidence
        self.entered = form
        self.csrfToken = csrfToken
        self.errors = errors
        self.notice = notice
    }

    /// The control each of the domain's problems is shown at, where its name differs.
    static let controls = ["subject": "name", "evidence": "evidence_file"]

    func name(_ id: UUID) -> String {
        guard let user = people[id] else { return chrome.localizer.t("A deleted account") }
        let full = [user.firstName, user.lastName].filter { !$0.isEmpty }.joined(separator: " ")
        return full.isEmpty ? user.email : "\(full) (\(user.email))"
    }
}

extension AdminConsentsPage: Node {
    public func render(into buffer: inout String) {
        let t = chrome.localizer
        let now = Date()
        PageLayout(chrome: chrome, title: t.t("Consents of the people in photos")) {
            div(.class("mx-auto flex max-w-4xl flex-col gap-6")) {
                div(.class("flex flex-col gap-2")) {
                    a(.href(SafeURL.path("admin", "media")), .class("inline-flex min-h-11 items-center font-semibold text-brand-700")) { t.t("Media library") }
                    h1(.class("text-3xl font-bold")) { t.t("Consents of the people in photos") }
                    p { t.t("One consent per person. Recording it again replaces its terms; withdrawing it takes every photo of the person off the public site at once.") }
                }
                if let notice { Alert(.success, message: notice, icons: chrome.context.icons) }
                if !errors.isEmpty {
                    ErrorSummary(title: t.t("There is a problem"), problems: errors.sorted { $0.key < $1.key }
                        .map { ErrorSummary.Problem(fieldID: "field-" + (Self.controls[$0.key] ?? $0.key), message: $0.value) })
                }
                section(.aria(.labelledby, "record-title"), .class("flex flex-col gap-4 rounded-2xl border border-line bg-white p-4 sm:p-6")) {
                    h2(.id("record-title"), .class("text-xl font-bold")) { t.t("Record a consent") }
                    recordForm(t)
                }
                section(.aria(.labelledby, "list-title"), .class("flex flex-col gap-3")) {
                    h2(.id("list-title"), .class("text-xl font-bold")) { t.t("Consents on record") }
                    if consents.isEmpty { p(.class("text-muted")) { t.t("No consents are recorded yet.") } }
                    ul(.class("flex flex-col gap-3")) {
                        for consent in consents { row(consent, t, now) }
                    }
                }
            }
        }.render(into: &buffer)
    }

    private func row(_ consent: ConsentRecord, _ t: Localizer, _ now: Date) -> Element {
        let person = consent.subjectUserID.map(name) ?? consent.subjectName ?? ""
        let state: String
        if let withdrawn = consent.withdrawnAt {
            state = t.t("Withdrawn on {date}", ["date": DateFormatting.string(from: withdrawn, style: .long, locale: t.locale)])
        } else if let expiry = consent.expiresAt {
            state = expiry <= now ? t.t("Expired on {date}", ["date": DateFormatting.string(from: expiry, style: .long, locale: t.locale)])
                : t.t("Until {date}", ["date": DateFormatting.string(from: expiry.addingTimeInterval(-1), style: .long, locale: t.locale)])
        } else {
            state = t.t("No expiry")
        }
        return li(.class("flex flex-col gap-2 rounded-xl border border-line bg-white p-4"), .data("consent", consent.id?.uuidString.lowercased() ?? "")) {
            p(.class("break-words text-lg font-semibold")) { bdi { person } }
            p { MediaLabels.level(consent.photoLevel, t) + " · " + MediaLabels.locales(consent.locales.isEmpty ? nil : Set(consent.locales), t) + " · " + state }
            p(.class("text-sm text-muted")) {
                t.t("Recorded on {date} by", ["date": DateFormatting.string(from: consent.recordedAt, style: .dateTime, locale: t.locale)]) + " "
                bdi { name(consent.recordedBy) }
                if let reference = consent.evidenceReference, !reference.isEmpty { " · "; bdi { reference } }
            }
            if let upload = consent.evidenceUploadID.flatMap({ evidence[$0] }) { signedForm(upload, of: consent, t) }
            if consent.withdrawnAt == nil {
                form(.method(.post), .action(SafeURL.path("admin", "media", "consents", consent.id?.uuidString.lowercased() ?? "", "withdraw"))) {
                    input(.type("hidden"), .name("csrf_token"), .value(csrfToken))
                    Button(t.t("Withdraw this consent"), style: .secondary)
                }
            }
        }
    }

    /// The signed form's link once it is clean; until then, or if it is held back, its state.
    private func signedForm(_ upload: UploadRecord, of consent: ConsentRecord, _ t: Localizer) -> Element {
        let size = UploadLabels.size(upload.byteCount, chrome.locale)
        return p(.class("text-sm")) {
            if upload.state == .clean {
                a(.href(SafeURL.path("admin", "media", "consents", consent.id?.uuidString.lowercased() ?? "", "evidence")),
                  .class("inline-flex min-h-11 items-center font-semibold text-brand-700 underline")) {
                    t.t("Open the signed form"); " ("; bdi { upload.displayName }; ", " + size + ")"
                }
            } else {
                t.t("The signed form") + " ("; bdi { upload.displayName }; "): " + UploadLabels.staffState(upload.state, t)
            }
        }
    }

    private func recordForm(_ t: Localizer) -> Element {
        let subject = entered.subject ?? "person"
        let chosenLocales = Set(entered.locales ?? [])
        // The token comes before the file: the server checks it before it writes a byte of the file.
        return Markup.form(.method(.post), .action(SafeURL.path("admin", "media", "consents")), .enctype("multipart/form-data"),
                           .class("flex flex-col gap-4")) {
            input(.type("hidden"), .name("csrf_token"), .value(csrfToken))
            fieldset(.class("flex flex-col gap-1")) {
                legend(.class("mb-1 font-semibold")) { t.t("Who it covers") }
                for (value, label) in [("person", t.t("A named person without an account, such as a staff member")), ("account", t.t("A patient with an account"))] {
                    Markup.label(.class("flex min-h-11 items-center gap-3")) {
                        input(attributes: [.type("radio"), .name("subject"), .value(value), .class("size-5 accent-brand-700")] + (subject == value ? [.checked] : []))
                        label
                    }
                }
            }
            FormField(name: "name", label: t.t("The person's name"), value: entered.name ?? "", hint: t.t("For a named person."), error: errors["subject"])
            FormField(name: "email", label: t.t("The patient's e-mail address"), control: .email, value: entered.email ?? "", hint: t.t("For a patient with an account."),
                      error: errors["email"])
            FormField(name: "level", label: t.t("What the person allows"), control: .select(options: MediaLabels.levelOptions(t)),
                      value: entered.level ?? PhotoConsentLevel.anonymised.rawValue, error: errors["level"])
            fieldset(.class("flex flex-col gap-1")) {
                legend(.class("mb-1 font-semibold")) { t.t("Languages of the site it may appear in") }
                p(.class("text-sm text-muted")) { t.t("None chosen: every language.") }
                for locale in SiteLocale.allCases {
                    Markup.label(.class("flex min-h-11 items-center gap-3")) {
                        input(attributes: [.type("checkbox"), .name("locale-" + locale.rawValue), .value("on"), .class("size-5 accent-brand-700")]
                              + (chosenLocales.contains(locale.rawValue) ? [.checked] : []))
                        span(.lang(locale.languageTag)) { locale.endonym }
                    }
                }
            }
            FormField(name: "expires", label: t.t("Valid until (optional)"), value: entered.expires ?? "", hint: t.t("Year, month and day, such as 2027-06-30."),
                      error: errors["expires"])
            UploadField(name: "evidence_file", label: t.t("The signed form (optional)"),
                        hint: t.t("A PDF, or a photo of the signed paper. It is kept privately with the person's record."),
                        endpoint: nil, multiple: false, accept: UploadField.documents, error: errors["evidence"],
                        localizer: t, assets: chrome.context.assets)
            FormField(name: "evidence", label: t.t("Where the signed paper is kept (optional)"), value: entered.evidence ?? "",
                      hint: t.t("Such as the paper file's number. Give this, the signed form, or both."))
            div { Button(t.t("Record the consent")) }
        }
    }
}
