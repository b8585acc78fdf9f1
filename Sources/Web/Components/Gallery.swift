import Core
import Markup
import Media

/// A gallery of images whose each opens large in a lightbox: a native `<dialog>` opened by its
/// thumbnail's button (an invoker command, no script needed where `commandfor` is supported; our
/// module fills in elsewhere). The dialog traps focus, closes on Escape and gives focus back to
/// the thumbnail; its previous and next buttons open the neighbour, and our module adds the arrow
/// keys and closes the one left behind.
struct Gallery: Node {
    /// Unique on the page: the block's id.
    let id: String
    let images: [PublicImage]
    let caption: String?
    let localizer: Localizer
    let icons: IconSet

    func dialogID(_ index: Int) -> String { "\(id)-\(index)" }

    func render(into buffer: inout String) {
        let t = localizer
        let count = images.count
        let number = { (index: Int) in Numerals.localized(String(index + 1), for: t.locale) }
        let total = Numerals.localized(String(count), for: t.locale)
        let round = "inline-flex min-h-11 min-w-11 items-center justify-center rounded-xl text-ink hover:bg-brand-50 focus-visible:outline-3 focus-visible:outline-focus"
        figure(.data("gallery", id)) {
            ul(.class("grid grid-cols-2 gap-3 sm:grid-cols-3")) {
                for (index, image) in images.enumerated() {
                    li {
                        button(attributes: [.type("button"), .commandfor(dialogID(index)), .command(.showModal),
                                            .aria(.label, t.t("Enlarge image {number} of {count}", ["number": number(index), "count": total])
                                                + (image.alt.isEmpty ? "" : ": " + image.alt)),
                                            .class("group relative block w-full overflow-hidden rounded-xl focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-focus")]) {
                            Picture(image, sizes: "(min-width: 40rem) 16rem, 50vw")
                            span(.class("absolute bottom-2 end-2 inline-flex rounded-lg bg-white/90 p-1 text-ink"), .aria(.hidden, "true")) {
                                IconView("outline/magnifying-glass-plus", in: icons, size: "size-5")
                            }
                        }
                    }
                }
            }
            if let caption { figcaption(.class("mt-2 text-sm text-muted")) { caption } }
            for (index, image) in images.enumerated() {
                dialog(.id(dialogID(index)), .aria(.label, image.alt.isEmpty ? t.t("Image {number} of {count}", ["number": number(index), "count": total]) : image.alt),
                       .data("lightbox", id),
                       .class("m-auto w-[min(64rem,calc(100vw-1rem))] rounded-2xl border border-line bg-white p-0 text-ink shadow-xl backdrop:bg-ink/80")) {
                    div(.class("flex items-center justify-between gap-3 border-b border-line px-3 py-1")) {
                        p(.class("text-sm text-muted")) { t.t("Image {number} of {count}", ["number": number(index), "count": total]) }
                        button(attributes: [.type("button"), .commandfor(dialogID(index)), .command(.close), .aria(.label, t.t("Close")), .class(round)]) {
                            IconView("outline/x-mark", in: icons, size: "size-6")
                        }
                    }
                    figure(.class("p-3")) {
                        Picture(image, sizes: "(min-width: 64rem) 64rem, 100vw", classes: "mx-auto h-auto max-h-[75vh] w-auto max-w-full rounded-lg")
                        if !image.alt.isEmpty { figcaption(.class("mt-2 text-center text-sm text-muted")) { image.alt } }
                    }
                    if count > 1 {
                        div(.class("flex justify-between gap-3 border-t border-line px-3 py-1")) {
                            button(attributes: [.type("button"), .commandfor(dialogID((index + count - 1) % count)), .command(.showModal),
                                                .data("lightbox-step", "previous"), .aria(.label, t.t("Previous image")), .class(round)]) {
                                IconView("outline/chevron-left", in: icons, size: "size-6", flipsInRTL: true)
                            }
                            button(attributes: [.type("button"), .commandfor(dialogID((index + 1) % count)), .command(.showModal),
                                                .data("lightbox-step", "next"), .aria(.label, t.t("Next image")), .class(round)]) {
                                IconView("outline/chevron-right", in: icons, size: "size-6", flipsInRTL: true)
                            }
                        }
                    }
                }
            }
        }.render(into: &buffer)
    }
}
