import Markup
import Media

/// A public image: `<picture>` with an AVIF and a WebP source and a JPEG `<img>`, each with its
/// widths, so the browser takes the best format it supports at the width the layout needs.
/// `width` and `height` reserve the space before it loads; only the page's first, most important
/// image is fetched eagerly.
public struct Picture: Node {
    /// Where the image sits in the page.
    public enum Placement: Sendable {
        /// The first thing seen (a hero): fetched at once, at high priority.
        case first
        /// Anywhere further down: fetched as it nears the screen.
        case belowTheFold
    }

    let image: PublicImage
    /// What width the image takes in the layout, for `sizes`.
    let sizes: String
    let placement: Placement
    let classes: String

    public init(_ image: PublicImage, sizes: String = "100vw", placement: Placement = .belowTheFold,
                classes: String = "h-auto w-full rounded-2xl") {
        self.image = image
        self.sizes = sizes
        self.placement = placement
        self.classes = classes
    }

    public func render(into buffer: inout String) {
        let fallback = image.sources.first { $0.format == .jpeg } ?? image.sources.last
        picture {
            for source in image.sources where source.format != fallback?.format {
                Markup.source(.type(source.format.contentType), .srcset(Self.candidates(source.candidates)), .sizes(sizes))
            }
            if let fallback {
                img(
                    .src(Self.url(fallback.candidates.last?.path)), .srcset(Self.candidates(fallback.candidates)), .sizes(sizes),
                    .width(image.width), .height(image.height), .alt(image.alt), .class(classes), .decoding("async"),
                    placement == .first ? .fetchpriority("high") : .loading("lazy")
                )
            }
        }.render(into: &buffer)
    }

    private static func candidates(_ list: [PublicImage.Candidate]) -> [(url: SafeURL, width: Int)] {
        list.compactMap { candidate in SafeURL(candidate.path).map { ($0, candidate.width) } }
    }

    private static func url(_ path: String?) -> SafeURL {
        path.flatMap(SafeURL.init) ?? SafeURL("/images/missing")!
    }
}
