import Markup

/// The top bar: the clinic's name linking home, and the language switcher.
struct SiteHeader: Node {
    let chrome: PageChrome
    let siteName: String

    func render(into buffer: inout String) {
        header(.class("site-header")) {
            div(.class("site-header__inner")) {
                a(.class("brand"), .href(SafeURL.path(chrome.locale.rawValue, trailingSlash: true))) { siteName }
                LanguageSwitcher(chrome: chrome)
            }
        }.render(into: &buffer)
    }
}
