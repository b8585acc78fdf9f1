import Core
import Markup
import Media
import Portal

extension InquiryPage: Node {
    public func render(into buffer: inout String) {
        let t = chrome.localizer
        let locale = chrome.locale
        let icons = chrome.context.icons
        let fields = allFields
        PageLayout(chrome: chrome, title: t.t("Plan your treatment")) {
            div(.class("mx-auto flex max-w-2xl flex-col gap-6")) {
                h1(.class("text-3xl font-bold")) { t.t("Plan your treatment") }
                p { t.t("Tell us about the patient and what you hope for. A patient coordinator answers every inquiry in the language you choose; a surgeon reviews your X-rays before anything is planned.") }
                if let banner { Alert(banner.kind, message: banner.message, icons: icons) }
                ErrorSummary(title: t.t("There is a problem"), problems: fields.compactMap { field in
                    errors[field.name].map { ErrorSummary.Problem(fieldID: field.controlID, message: $0) }
                })
                // Hidden fields and every text field come before the files: the server checks the
                // tokens before it writes a byte of any file.
                form(.method(.post), .action(SafeURL.path(locale.rawValue, "inquiry")), .enctype("multipart/form-data"), .novalidate,
                     .class("flex flex-col gap-8")) {
                    input(.type("hidden"), .name("csrf_token"), .value(csrfToken))
                    input(.type("hidden"), .name("form_token"), .value(formToken))
                    input(.type("hidden"), .name("consent_version"), .value(consentVersion))
                    // enhance.js fills in the browser's time zone, for the patient's local time in triage.
                    input(.type("hidden"), .name("time_zone"), .value(values.timeZone))
                    Honeypot(label: t.t("Leave this field empty"))
                    Section(title: t.t("The patient")) {
                        for field in patientFields { field }
                    }
                    Section(title: t.t("If the patient is under 18"),
                            intro: t.t("A parent or legal guardian fills in the form for a patient under 18, and we write to them.")) {
                        for field in guardianFields { field }
                    }
                    Section(title: t.t("How we reach you")) {
                        for field in contactFields { field }
                    }
                    Section(title: t.t("Your question")) {
                        for field in questionFields { field }
                        if !pending.isEmpty { PendingUploads(uploads: pending, localizer: t, locale: locale) }
                        UploadRefusals(refusals: refusals, localizer: t)
                        UploadField(label: t.t("X-rays, photos and scans (optional)"),
                                    hint: t.t("Full-length standing X-rays of the legs help most. Photos (JPEG, PNG, WebP, HEIC, AVIF), PDF reports, DICOM files or a ZIP of a DICOM study from a CD."),
                                    endpoint: SafeURL.path(locale.rawValue, "uploads"), formToken: formToken, localizer: t,
                                    assets: chrome.context.assets)
                    }
                    Section(title: t.t("Your health information and privacy")) {
                        div(.id("privacy-notice"), .class("flex flex-col gap-3 rounded-xl border border-line bg-white p-4 text-sm")) {
                            for paragraph in notice.paragraphs { p { paragraph } }
                        }
                        consentField
                    }
                    div { Button(t.t("Send inquiry")) }
                }
            }
        }.render(into: &buffer)
    }

    private var patientFields: [FormField] {
        let t = chrome.localizer
        return [
            FormField(name: "name", label: t.t("Patient's full name"), control: .text(autocomplete: "name"), value: values.name,
                      error: errors["name"], isRequired: true),
            FormField(name: "age", label: t.t("Age"), control: .number, value: values.age, hint: t.t("In years."),
                      error: errors["age"], isRequired: true),
            FormField(name: "country", label: t.t("Country of residence"),
                      control: .select(options: [("", t.t("Choose a country"))] + Countries.list(in: chrome.locale).map { ($0.code, $0.name) }),
                      value: values.country, error: errors["country"], isRequired: true),
        ]
    }

    private var guardianFields: [FormField] {
        let t = chrome.localizer
        return [
            FormField(name: "is_minor", label: t.t("The patient is under 18"), control: .checkbox(checked: values.isMinor),
                      error: errors["is_minor"]),
            FormField(name: "guardian_name", label: t.t("Parent's or guardian's full name"), control: .text(autocomplete: "name"),
                      value: values.guardianName, error: errors["guardian_name"]),
            FormField(name: "guardian_relationship", label: t.t("Relationship to the patient"),
                      control: .select(options: [("", t.t("Choose"))] + GuardianRelationship.allCases.map { ($0.rawValue, t.t($0.label)) }),
                      value: values.guardianRelationship, error: errors["guardian_relationship"]),
        ]
    }

    private var contactFields: [FormField] {
        let t = chrome.localizer
        return [
            FormField(name: "email", label: t.t("Email address"), control: .email, value: values.email, error: errors["email"], isRequired: true),
            FormField(name: "phone_country", label: t.t("Country code of the phone number"),
                      control: .select(options: [("", t.t("Same as the country of residence"))] + Countries.list(in: chrome.locale).map {
                          ($0.code, "\($0.name) \u{2068}+\(Countries.callingCodes[$0.code] ?? "")\u{2069}")
                      }),
                      value: values.phoneCountry),
            FormField(name: "phone", label: t.t("Phone or WhatsApp number (optional)"), control: .telephone, value: values.phone,
                      hint: t.t("Without the country code, for example 50 123 4567."), error: errors["phone"]),
            FormField(name: "whatsapp", label: t.t("We may write to this number on WhatsApp"), control: .checkbox(checked: values.whatsapp)),
            FormField(name: "language", label: t.t("Language for our answers"),
                      control: .select(options: SiteLocale.allCases.map { ($0.rawValue, $0.endonym) }),
                      value: values.language, error: errors["language"], isRequired: true),
        ]
    }

    private var questionFields: [FormField] {
        let t = chrome.localizer
        return [
            FormField(name: "method", label: t.t("Treatment you are interested in"),
                      control: .select(options: TreatmentMethod.allCases.map { ($0.rawValue, t.t($0.label)) }),
                      value: values.method.isEmpty ? TreatmentMethod.notSure.rawValue : values.method),
            FormField(name: "height_goal", label: t.t("Current height and your goal (optional)"), control: .multiline(rows: 2),
                      value: values.heightGoal, hint: t.t("For example: 165 cm now, hoping for 5 to 7 cm more."), error: errors["height_goal"]),
            FormField(name: "message", label: t.t("Your message (optional)"), control: .multiline(rows: 6), value: values.message,
                      hint: t.t("Earlier operations, conditions, medicines, and any questions you have."), error: errors["message"]),
        ]
    }

    private var consentField: FormField {
        FormField(name: "consent", label: chrome.localizer.t("I agree that Hills Clinic processes the health information I send, as described above."),
                  control: .checkbox(checked: values.consent), error: errors["consent"], isRequired: true)
    }

    /// Every field the error summary can point at, in the order of the page.
    private var allFields: [FormField] { patientFields + guardianFields + contactFields + questionFields + [consentField] }
}

/// A titled group of fields: a fieldset, so a screen reader names the group with each field.
private struct Section: Node {
    let title: String
    let intro: String?
    let content: Fragment

    init(title: String, intro: String? = nil, @NodeBuilder content: () -> Fragment) {
        self.title = title
        self.intro = intro
        self.content = content()
    }

    func render(into buffer: inout String) {
        fieldset(.class("flex flex-col gap-5 rounded-2xl border border-line bg-white p-4 sm:p-6")) {
            legend(.class("px-1 text-xl font-bold")) { title }
            if let intro { p(.class("text-muted")) { intro } }
            content
        }.render(into: &buffer)
    }
}

/// The field only robots fill in: off screen, out of the tab order, hidden from assistive technology.
private struct Honeypot: Node {
    let label: String

    func render(into buffer: inout String) {
        div(.aria(.hidden, "true"), .class("absolute -start-[9999px] h-px w-px overflow-hidden")) {
            Markup.label(.for("field-website")) { label }
            input(.type("text"), .id("field-website"), .name(InquiryPage.honeypotField), .tabindex(-1), .autocomplete("off"), .value(""))
        }.render(into: &buffer)
    }
}
