import Content
import Core
import Foundation
import Markup
import Vapor

/// Everything the shared layout needs that is not the page itself: the language, the same page's
/// address in every locale, and the asset URLs.
public struct PageChrome: Sendable {
    public let localizer: Localizer
    public let context: WebContext
    /// Path of this page in each locale (for the switcher and hreflang); locales without it are omitted.
    public let alternates: [SiteLocale: String]
    /// Whether search engines may index the page.
    public let indexable: Bool
    /// Whether the page loads htmx (only pages with htmx-enhanced forms or lists do).
    public let usesHTMX: Bool
    /// The site's pages the header and footer link to, in the page's language; staff pages have none.
    public let menu: SiteMenu?

    public init(localizer: Localizer, context: WebContext, alternates: [SiteLocale: String], indexable: Bool = true,
                usesHTMX: Bool = false, menu: SiteMenu? = nil) {
        self.localizer = localizer
        self.context = context
        self.alternates = alternates
        self.indexable = indexable
        self.usesHTMX = usesHTMX
        self.menu = menu
    }

    public var locale: SiteLocale { localizer.locale }

    /// Chrome for a page that exists at `/{locale}/{rest}` in every locale.
    public static func everyLocale(path rest: String, localizer: Localizer, context: WebContext, indexable: Bool = true,
                                   usesHTMX: Bool = false, menu: SiteMenu? = nil) -> PageChrome {
        var alternates: [SiteLocale: String] = [:]
        for locale in SiteLocale.allCases {
            alternates[locale] = "/\(locale.rawValue)/\(rest)"
        }
        return PageChrome(localizer: localizer, context: context, alternates: alternates, indexable: indexable, usesHTMX: usesHTMX, menu: menu)
    }
}

extension Request {
    /// Chrome for a page at `/{locale}/{path}` that exists in every locale.
    public func chrome(_ locale: SiteLocale, path: String, indexable: Bool = true, usesHTMX: Bool = false) -> PageChrome {
        PageChrome.everyLocale(path: path, localizer: localizer(locale), context: webContext, indexable: indexable, usesHTMX: usesHTMX,
                               menu: siteMenu(for: locale))
    }
}
