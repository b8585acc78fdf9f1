import Core
import Markup

/// Links to the current page in every language, each named in its own language and script
/// (`lang` and `hreflang` set, so screen readers pronounce it and search engines pair the pages).
struct LanguageSwitcher: Node {
    /// A drop-down for wide screens, or a plain list inside the phone menu.
    enum Style { case dropdown, list }

    let chrome: PageChrome
    let style: Style

    func render(into buffer: inout String) {
        let icons = chrome.context.icons
        let label = chrome.localizer.t("Language")
        switch style {
        case .dropdown:
            details(.class("relative"), .data("menu", "")) {
                summary(.class("inline-flex min-h-11 cursor-pointer items-center gap-2 rounded-xl px-3 font-semibold text-ink hover:bg-brand-50 focus-visible:outline-3 focus-visible:outline-focus")) {
                    IconView("outline/language", in: icons)
                    span(.class("sr-only")) { label + ": " }
                    span(.lang(chrome.locale.languageTag)) { chrome.locale.endonym }
                    span(.class("disclosure-chevron inline-flex transition-transform")) { IconView("outline/chevron-down", in: icons, size: "size-4") }
                }
                div(.class("absolute end-0 top-full z-50 mt-2 min-w-44 rounded-xl border border-line bg-white p-2 shadow-lg")) {
                    links(vertical: true)
                }
            }.render(into: &buffer)
        case .list:
            div(.class("border-t border-line pt-3")) {
                p(.class("px-3 pb-1 text-sm font-semibold text-muted"), .aria(.hidden, "true")) { label }
                links(vertical: false)
            }.render(into: &buffer)
        }
    }

    private func links(vertical: Bool) -> Element {
        nav(.aria(.label, chrome.localizer.t("Language"))) {
            ul(.class(vertical ? "flex flex-col gap-1" : "grid grid-cols-2 gap-1")) {
                for locale in SiteLocale.allCases {
                    if let path = chrome.alternates[locale], let url = SafeURL(path) {
                        li {
                            if locale == chrome.locale {
                                a(.href(url), .lang(locale.languageTag), .hreflang(locale.languageTag), .dir(locale.direction.rawValue),
                                  .aria(.current, "true"), .class("flex min-h-11 items-center rounded-lg bg-brand-700 px-3 font-semibold text-white no-underline")) {
                                    locale.endonym
                                }
                            } else {
                                a(.href(url), .lang(locale.languageTag), .hreflang(locale.languageTag), .dir(locale.direction.rawValue),
                                  .class("flex min-h-11 items-center rounded-lg px-3 font-semibold no-underline hover:bg-brand-50")) {
                                    locale.endonym
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
