import Foundation
import Media
import Testing
import Web

@Suite("Picture: responsive public images")
struct PictureTests {
    static let image = PublicImage(asset: UUID(), width: 640, height: 360, alt: "Ein Röntgenbild \"vorher\"", sources: [
        (.avif, [.init(path: "/images/a1.avif", width: 320), .init(path: "/images/a2.avif", width: 640)]),
        (.webp, [.init(path: "/images/w1.webp", width: 320), .init(path: "/images/w2.webp", width: 640)]),
        (.jpeg, [.init(path: "/images/j1.jpg", width: 320), .init(path: "/images/j2.jpg", width: 640)]),
    ])

    @Test("AVIF and WebP sources, a JPEG img with srcset, sizes, width and height, lazy below the fold, alt escaped")
    func belowTheFold() {
        let html = Picture(Self.image, sizes: "(min-width: 768px) 50vw, 100vw").render()
        #expect(html.hasPrefix("<picture><source type=\"image/avif\" srcset=\"/images/a1.avif 320w, /images/a2.avif 640w\""))
        #expect(html.contains("<source type=\"image/webp\" srcset=\"/images/w1.webp 320w, /images/w2.webp 640w\" sizes=\"(min-width: 768px) 50vw, 100vw\">"))
        #expect(html.contains("<img src=\"/images/j2.jpg\" srcset=\"/images/j1.jpg 320w, /images/j2.jpg 640w\""))
        #expect(html.contains("width=\"640\" height=\"360\" alt=\"Ein Röntgenbild &quot;vorher&quot;\""))
        #expect(html.contains("loading=\"lazy\"") && !html.contains("fetchpriority"))
        #expect(html.hasSuffix("</picture>"))
    }

    @Test("the page's first image is fetched at once with high priority, and a missing format is simply left out")
    func first() {
        var image = Self.image
        image.sources.removeFirst()
        let html = Picture(image, placement: .first).render()
        #expect(html.contains("fetchpriority=\"high\"") && !html.contains("loading="))
        #expect(!html.contains("image/avif") && html.contains("image/webp"))
    }
}
