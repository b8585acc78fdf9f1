import Core
import Markup

/// Links to the current page in every other language, each named in its own language and script
/// (`lang` and `hreflang` set, so screen readers pronounce it and search engines pair the pages).
struct LanguageSwitcher: Node {
    let chrome: PageChrome

    func render(into buffer: inout String) {
        nav(.class("language-switcher"), .aria(.label, chrome.localizer.t("Language"))) {
            ul {
                for locale in SiteLocale.allCases {
                    if let path = chrome.alternates[locale], let url = SafeURL(path) {
                        li {
                            if locale == chrome.locale {
                                a(.href(url), .lang(locale.languageTag), .hreflang(locale.languageTag),
                                  .dir(locale.direction.rawValue), .aria(.current, "true")) { locale.endonym }
                            } else {
                                a(.href(url), .lang(locale.languageTag), .hreflang(locale.languageTag),
                                  .dir(locale.direction.rawValue)) { locale.endonym }
                            }
                        }
                    }
                }
            }
        }.render(into: &buffer)
    }
}
