import Core
import Markup

/// `<link rel="alternate" hreflang>` for every translation of the page, plus `x-default` and the
/// canonical address, all absolute as search engines require.
struct HreflangLinks: Node {
    let chrome: PageChrome

    func render(into buffer: inout String) {
        // Pages kept out of search (errors, the style guide) name no alternates or canonical address.
        guard chrome.indexable else { return }
        Fragment {
            if let own = chrome.alternates[chrome.locale], let url = SafeURL(chrome.context.absoluteURL(own)) {
                link(.rel("canonical"), .href(url))
            }
            for locale in SiteLocale.allCases {
                if let path = chrome.alternates[locale], let url = SafeURL(chrome.context.absoluteURL(path)) {
                    link(.rel("alternate"), .hreflang(locale.languageTag), .href(url))
                }
            }
            if let fallback = Alternates.xDefault(chrome.alternates), let url = SafeURL(chrome.context.absoluteURL(fallback)) {
                link(.rel("alternate"), .hreflang("x-default"), .href(url))
            }
        }.render(into: &buffer)
    }
}

/// What a page's `x-default` is, for readers none of its languages suits, in the page and in the sitemap alike.
enum Alternates {
    static func xDefault(_ alternates: [SiteLocale: String]) -> String? {
        // A home page has a neutral address: `/` sends each reader to their language.
        if let any = alternates.values.first, any.split(separator: "/").count == 1 { return "/" }
        return alternates[.fallback] ?? SiteLocale.allCases.lazy.compactMap { alternates[$0] }.first
    }
}
