import Markup

extension ErrorPage: Node {
    public func render(into buffer: inout String) {
        let t = chrome.localizer
        PageLayout(chrome: chrome, title: t.t(titleKey)) {
            section(.class("panel error-page"), .aria(.labelledby, "error-title")) {
                h1(.id("error-title")) { t.t(titleKey) }
                p { t.t(messageKey) }
                if !fieldMessages.isEmpty {
                    ul(.class("error-fields")) {
                        for (field, message) in fieldMessages.sorted(by: { $0.key < $1.key }) {
                            li { strong { field }; ": "; t.t(message) }
                        }
                    }
                }
                p(.class("error-reference")) {
                    t.t("Reference for support:")
                    " "
                    code(.dir("ltr")) { requestID }
                }
                p {
                    a(.class("button"), .href(SafeURL.path(chrome.locale.rawValue, trailingSlash: true))) {
                        t.t("Go to the home page")
                    }
                }
            }
        }.render(into: &buffer)
    }
}
