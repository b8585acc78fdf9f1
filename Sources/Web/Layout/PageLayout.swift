import Core
import Foundation
import Markup

/// The frame of every public page: `lang` and `dir`, head metadata with hreflang alternates,
/// a skip link, the header with the language switcher, `<main>`, and the footer.
public struct PageLayout: Node {
    let chrome: PageChrome
    let pageTitle: String
    let summary: String?
    let content: Fragment

    public init(chrome: PageChrome, title: String, summary: String? = nil, @NodeBuilder content: () -> Fragment) {
        self.chrome = chrome
        self.pageTitle = title
        self.summary = summary
        self.content = content()
    }

    public func render(into buffer: inout String) {
        let t = chrome.localizer
        let siteName = t.t("Hills Clinic")
        Document(.lang(chrome.locale.languageTag), .dir(chrome.locale.direction.rawValue)) {
            head {
                meta(.charset("utf-8"))
                meta(.name("viewport"), .content("width=device-width, initial-scale=1"))
                title { pageTitle == siteName ? siteName : "\(pageTitle) · \(siteName)" }
                if let summary {
                    meta(.name("description"), .content(summary))
                }
                if !chrome.indexable {
                    meta(.name("robots"), .content("noindex"))
                }
                link(.rel("stylesheet"), .href(chrome.context.assets.url("css/site.css")))
                link(.rel("icon"), .href(chrome.context.assets.url("favicon.svg")), .type("image/svg+xml"))
                HreflangLinks(chrome: chrome)
            }
            body {
                SkipLink(label: t.t("Skip to main content"))
                SiteHeader(chrome: chrome, siteName: siteName)
                main(.id("main"), .tabindex(-1), .class("site-main")) {
                    content
                }
                SiteFooter(localizer: t, siteName: siteName)
            }
        }.render(into: &buffer)
    }
}
