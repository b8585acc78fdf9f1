import Markup

extension AccountFormPage: Node {
    public func render(into buffer: inout String) {
        let t = chrome.localizer
        let icons = chrome.context.icons
        PageLayout(chrome: chrome, title: title) {
            div(.class("mx-auto flex max-w-xl flex-col gap-5")) {
                h1(.class("text-3xl font-bold")) { title }
                if let notice { Alert(notice.kind, message: notice.message, icons: icons) }
                for paragraph in paragraphs { p { paragraph } }
                for node in extra { node }
                if let form {
                    ErrorSummary(title: t.t("There is a problem"), problems: form.fields.compactMap { field in
                        form.errors[field.name].map { ErrorSummary.Problem(fieldID: field.controlID, message: $0) }
                    })
                    // novalidate: the server's messages, in the page's language, are the only ones shown.
                    Markup.form(.method(.post), .action(form.action), .novalidate, .class("flex flex-col gap-5")) {
                        input(.type("hidden"), .name(CSRFMiddleware.fieldName), .value(form.csrfToken))
                        for item in form.hidden { input(.type("hidden"), .name(item.name), .value(item.value)) }
                        for field in form.fields { field }
                        div { Button(form.submitLabel) }
                    }
                }
                if !links.isEmpty {
                    ul(.class("flex flex-col gap-2")) {
                        for link in links {
                            li { a(.href(link.url), .class("inline-flex min-h-11 items-center font-semibold text-brand-700 underline underline-offset-4")) { link.label } }
                        }
                    }
                }
            }
        }.render(into: &buffer)
    }
}
