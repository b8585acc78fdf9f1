import Markup

extension ErrorPage: Node {
    public func render(into buffer: inout String) {
        let t = chrome.localizer
        PageLayout(chrome: chrome, title: t.t(titleKey)) {
            section(.class("mx-auto max-w-2xl py-8"), .aria(.labelledby, "error-title")) {
                div(.class("flex flex-col gap-4 rounded-2xl border border-line bg-white p-6 sm:p-8")) {
                    h1(.id("error-title"), .class("text-2xl font-bold sm:text-3xl")) { t.t(titleKey) }
                    p(.class("text-lg text-muted")) { t.t(messageKey) }
                    if !fieldMessages.isEmpty {
                        ul(.class("list-disc ps-5")) {
                            // Only the messages: field keys are identifiers, not words in the reader's language.
                            for (_, message) in fieldMessages.sorted(by: { $0.key < $1.key }) {
                                li { t.t(message) }
                            }
                        }
                    }
                    p(.class("text-sm text-muted")) {
                        t.t("Reference for support:")
                        " "
                        code(.dir("ltr"), .class("ltr-island rounded bg-canvas px-1.5 py-0.5")) { requestID }
                    }
                    div {
                        LinkButton(t.t("Go to the home page"), to: SafeURL.path(chrome.locale.rawValue, trailingSlash: true))
                    }
                }
            }
        }.render(into: &buffer)
    }
}
