import Core
import Foundation
import Markup

/// The frame of every public page: `lang` and `dir`, head metadata with hreflang alternates,
/// a skip link, the sticky header, `<main>`, and the footer.
public struct PageLayout: Node {
    let chrome: PageChrome
    let pageTitle: String
    let summary: String?
    let social: SocialPreview
    let structuredData: (any Node)?
    let content: Fragment

    /// The stylesheet, script and fonts every page loads (App checks at start that the build made them).
    public static let requiredAssets = [
        "build/app.css", "build/js/enhance.js", "build/js/consent.js", "build/js/htmx.min.js", "build/icons.json",
        "build/fonts/noto-sans-latin-400.woff2", "build/fonts/noto-sans-latin-700.woff2",
        "build/fonts/noto-sans-cyrillic-400.woff2", "build/fonts/noto-sans-cyrillic-700.woff2",
        "build/fonts/noto-sans-arabic-400.woff2", "build/fonts/noto-sans-arabic-700.woff2",
    ]

    public init(chrome: PageChrome, title: String, summary: String? = nil, social: SocialPreview = SocialPreview(),
                structuredData: (any Node)? = nil, @NodeBuilder content: () -> Fragment) {
        self.chrome = chrome
        self.pageTitle = title
        self.summary = summary
        self.social = social
        self.structuredData = structuredData
        self.content = content()
    }

    public func render(into buffer: inout String) {
        let t = chrome.localizer
        let assets = chrome.context.assets
        let siteName = t.t("Hills Clinic")
        // Both weights of the locale's script are on the critical path (bold sets the headline,
        // the largest paint); loading them early keeps the swap from reflowing the page.
        let fontScript: String
        switch chrome.locale {
        case .ar, .fa: fontScript = "arabic"
        case .ru: fontScript = "cyrillic"
        case .en: fontScript = "latin"
        }
        let preloadedFonts = ["build/fonts/noto-sans-\(fontScript)-400.woff2", "build/fonts/noto-sans-\(fontScript)-700.woff2"]
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
                for font in preloadedFonts {
                    link(.rel("preload"), .href(assets.url(font)), .as("font"), .type("font/woff2"), .crossorigin("anonymous"))
                }
                link(.rel("stylesheet"), .href(assets.url("build/app.css")))
                link(.rel("icon"), .href(assets.url("favicon.svg")), .type("image/svg+xml"))
                script(src: assets.url("build/js/enhance.js"))
                if chrome.usesHTMX {
                    HTMXConfiguration()
                    script(src: assets.url("build/js/htmx.min.js"), module: false)
                }
                if chrome.context.configuration.analytics != nil {
                    script(src: assets.url("build/js/consent.js"))
                }
                HreflangLinks(chrome: chrome)
                SocialTags(chrome: chrome, title: pageTitle, summary: summary, preview: social)
                if let structuredData { structuredData }
            }
            body(.class("flex min-h-screen flex-col bg-canvas font-sans text-ink antialiased")) {
                SkipLink(label: t.t("Skip to main content"))
                if let analytics = chrome.context.configuration.analytics {
                    ConsentBanner(localizer: t, analytics: analytics)
                }
                SiteHeader(chrome: chrome, siteName: siteName)
                main(.id("main"), .tabindex(-1), .class("mx-auto w-full max-w-6xl flex-1 px-4 py-8 focus:outline-none sm:px-6")) {
                    content
                }
                SiteFooter(chrome: chrome, siteName: siteName)
            }
        }.render(into: &buffer)
    }
}
