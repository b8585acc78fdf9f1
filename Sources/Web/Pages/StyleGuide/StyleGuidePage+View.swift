import Core
import Markup

extension StyleGuidePage: Node {
    public func render(into buffer: inout String) {
        let t = chrome.localizer
        let icons = chrome.context.icons
        let base = "/\(chrome.locale.rawValue)/styleguide"
        let sectionTitle = "mb-4 text-2xl font-bold"
        PageLayout(chrome: chrome, title: t.t("Style guide")) {
            Breadcrumb(label: t.t("Breadcrumb"), steps: [
                .init(t.t("Home"), url: SafeURL.path(chrome.locale.rawValue, trailingSlash: true)),
                .init(t.t("Style guide")),
            ], icons: icons)
            h1(.class("mb-8 mt-2 text-3xl font-bold")) { t.t("Style guide") }

            section(.class("mb-12"), .aria(.labelledby, "sg-buttons")) {
                h2(.id("sg-buttons"), .class(sectionTitle)) { t.t("Buttons") }
                div(.class("flex flex-wrap gap-3")) {
                    Button(t.t("Primary action"), kind: .button)
                    Button(t.t("Secondary action"), style: .secondary, kind: .button)
                    Button(t.t("Quiet action"), style: .quiet, kind: .button)
                    LinkButton(t.t("Plan your treatment"), to: SafeURL.path(chrome.locale.rawValue, "inquiry"),
                               trailing: IconView("outline/arrow-right", in: icons, flipsInRTL: true))
                }
            }

            section(.class("mb-12"), .aria(.labelledby, "sg-cards")) {
                h2(.id("sg-cards"), .class(sectionTitle)) { t.t("Cards") }
                div(.class("grid gap-4 md:grid-cols-2")) {
                    Card(title: t.t("Ilizarov frame"), icon: IconView("outline/information-circle", in: icons, size: "size-6")) {
                        p { t.t("An external ring frame that lengthens the bone gradually and can correct angles and rotation at the same time.") }
                    }
                    Card(title: t.t("Internal lengthening nail")) {
                        p { t.t("A nail inside the bone, lengthened from outside the body, with no frame to wear.") }
                    }
                }
            }

            section(.class("mb-12"), .aria(.labelledby, "sg-alerts")) {
                h2(.id("sg-alerts"), .class(sectionTitle)) { t.t("Alerts") }
                div(.class("flex flex-col gap-3")) {
                    Alert(.info, message: t.t("Alerts tell you about the page or about your last action."), icons: icons)
                    Alert(.success, message: t.t("Your changes were saved."), icons: icons)
                    Alert(.warning, message: t.t("Please check this before you continue."), icons: icons)
                    Alert(.error, title: t.t("There is a problem"), message: t.t("Something went wrong. Please try again."), icons: icons)
                }
            }

            section(.id("sg-form-section"), .class("mb-12"), .aria(.labelledby, "sg-form")) {
                h2(.id("sg-form"), .class(sectionTitle)) { t.t("Form") }
                DemoFormView(values: form, csrfToken: csrfToken, action: Self.formAction(chrome.locale), localizer: t, icons: icons)
            }

            section(.class("mb-12"), .aria(.labelledby, "sg-dialog")) {
                h2(.id("sg-dialog"), .class(sectionTitle)) { t.t("Dialog") }
                Modal(id: "sg-modal", title: t.t("About this dialog"), openLabel: t.t("Open the dialog"), closeLabel: t.t("Close"), icons: icons) {
                    p { t.t("A dialog keeps focus inside until it is closed, and returns it to the button that opened it.") }
                }
            }

            section(.class("mb-12"), .aria(.labelledby, "sg-accordion")) {
                h2(.id("sg-accordion"), .class(sectionTitle)) { t.t("Accordion") }
                Accordion(items: [
                    .init(title: t.t("Can I send my X-rays before I travel?"),
                          body: t.t("Yes. The first assessment is based on your X-rays and medical records, so you know before you travel whether treatment is possible and which method suits you.")),
                    .init(title: t.t("Will I need physiotherapy?"),
                          body: t.t("Yes. Physiotherapy keeps the joints moving and the muscles strong while the bone lengthens, and it continues after the frame or nail comes out.")),
                ], icons: icons)
            }

            section(.class("mb-12"), .aria(.labelledby, "sg-tabs")) {
                h2(.id("sg-tabs"), .class(sectionTitle)) { t.t("Tabs") }
                Tabs(label: t.t("Methods we use"), panels: [
                    .init(id: "tab-ilizarov", label: t.t("Ilizarov frame"),
                          body: t.t("An external ring frame that lengthens the bone gradually and can correct angles and rotation at the same time.")),
                    .init(id: "tab-nail", label: t.t("Internal lengthening nail"),
                          body: t.t("A nail inside the bone, lengthened from outside the body, with no frame to wear.")),
                    .init(id: "tab-lon", label: t.t("Lengthening over a nail"),
                          body: t.t("A frame for the lengthening phase combined with a nail that supports the bone, so the frame can come off sooner.")),
                ])
            }

            section(.class("mb-12"), .aria(.labelledby, "sg-pagination")) {
                h2(.id("sg-pagination"), .class(sectionTitle)) { t.t("Pagination") }
                Pagination(current: page, total: Self.pageCount, localizer: t, icons: icons) { number in
                    SafeURL("\(base)?page=\(number)#sg-pagination")!
                }
            }
        }.render(into: &buffer)
    }
}

/// The style guide's form: error summary, fields with hints and errors, CSRF token.
struct DemoFormView: Node {
    let values: StyleGuidePage.DemoForm
    let csrfToken: String
    let action: SafeURL
    let localizer: Localizer
    let icons: IconSet

    func render(into buffer: inout String) {
        let t = localizer
        let fields = [
            FormField(name: "name", label: t.t("Full name"), control: .text(autocomplete: "name"), value: values.name,
                      hint: t.t("As written in your passport."), error: values.errors["name"], isRequired: true),
            FormField(name: "email", label: t.t("Email address"), control: .email, value: values.email,
                      error: values.errors["email"], isRequired: true),
            FormField(name: "age", label: t.t("Age"), control: .number, value: values.age,
                      hint: t.t("In years. Any digits work: 34, ٣٤ or ۳۴."), error: values.errors["age"], isRequired: true),
        ]
        // With htmx the form posts in the background and this whole block is replaced by the answer;
        // without it, the same post reloads the page with the same block in it.
        div(.id("sg-demo-form"), .class("flex max-w-xl flex-col gap-5")) {
            if values.wasSubmitted && values.errors.isEmpty {
                Alert(.success, message: t.t("The form is complete. Nothing was sent: this is the style guide."), icons: icons)
            }
            ErrorSummary(title: t.t("There is a problem"), problems: fields.compactMap { field in
                values.errors[field.name].map { ErrorSummary.Problem(fieldID: field.controlID, message: $0) }
            })
            form(.method(.post), .action(action), .novalidate, .class("flex flex-col gap-5"),
                 .hxPost(action), .hxTarget("#sg-demo-form"), .hxSwap(.outerHTML)) {
                input(.type("hidden"), .name(CSRFMiddleware.fieldName), .value(csrfToken))
                for field in fields { field }
                div { Button(t.t("Send")) }
            }
        }.render(into: &buffer)
    }
}
