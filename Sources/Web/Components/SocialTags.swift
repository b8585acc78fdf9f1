import Core
import Markup
import Media

/// How a page presents itself when shared (a WhatsApp message, a post): Open Graph, which
/// X/Twitter reads as well, and a Twitter card size.
public struct SocialPreview: Sendable {
    public enum Kind: String, Sendable {
        case website, article
    }

    public var kind: Kind
    public var image: PublicImage?

    public init(kind: Kind = .website, image: PublicImage? = nil) {
        self.kind = kind
        self.image = image
    }
}

/// `og:` and `twitter:` tags for an indexable page, each address absolute.
struct SocialTags: Node {
    let chrome: PageChrome
    let title: String
    let summary: String?
    let preview: SocialPreview

    /// The widths link previews are drawn at: the narrowest rendition at least this wide.
    static let previewWidth = 1200

    /// Open Graph names locales as language_TERRITORY.
    static func ogLocale(_ locale: SiteLocale) -> String {
        switch locale {
        case .en: "en_US"
        case .ar: "ar_AR"
        case .fa: "fa_IR"
        case .ru: "ru_RU"
        }
    }

    func render(into buffer: inout String) {
        guard chrome.indexable else { return }
        let context = chrome.context
        Fragment {
            meta(.property("og:type"), .content(preview.kind.rawValue))
            meta(.property("og:site_name"), .content(chrome.localizer.t("Hills Clinic")))
            meta(.property("og:title"), .content(title))
            if let summary { meta(.property("og:description"), .content(summary)) }
            if let own = chrome.alternates[chrome.locale] { meta(.property("og:url"), .content(context.absoluteURL(own))) }
            meta(.property("og:locale"), .content(Self.ogLocale(chrome.locale)))
            for locale in SiteLocale.allCases where locale != chrome.locale && chrome.alternates[locale] != nil {
                meta(.property("og:locale:alternate"), .content(Self.ogLocale(locale)))
            }
            if let image = preview.image, let picked = Self.pick(image) {
                meta(.property("og:image"), .content(Self.address(picked, context)))
                meta(.property("og:image:type"), .content(RenditionFormat.jpeg.contentType))
                meta(.property("og:image:width"), .content(String(picked.width)))
                meta(.property("og:image:height"), .content(String(picked.width * image.height / max(image.width, 1))))
                if !image.alt.isEmpty { meta(.property("og:image:alt"), .content(image.alt)) }
            }
            meta(.name("twitter:card"), .content(preview.image.flatMap(Self.pick) == nil ? "summary" : "summary_large_image"))
        }.render(into: &buffer)
    }

    /// A rendition's address as other sites fetch it: absolute on our origin, or the CDN's as it is.
    static func address(_ picked: PublicImage.Candidate, _ context: WebContext) -> String {
        picked.path.hasPrefix("/") ? context.absoluteURL(picked.path) : picked.path
    }

    /// The JPEG every previewer reads, at the preview's width or the widest there is.
    static func pick(_ image: PublicImage) -> PublicImage.Candidate? {
        guard let jpeg = image.sources.first(where: { $0.format == .jpeg })?.candidates, !jpeg.isEmpty else { return nil }
        return jpeg.first { $0.width >= previewWidth } ?? jpeg.last
    }
}
