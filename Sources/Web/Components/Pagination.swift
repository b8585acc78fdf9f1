import Core
import Markup

/// Links to the pages of a long list: previous, numbered pages, next. Page numbers are shown in
/// the reader's digits; each link is a 44 px target.
public struct Pagination: Node {
    let current: Int
    let total: Int
    let localizer: Localizer
    let icons: IconSet
    let url: @Sendable (Int) -> SafeURL

    public init(current: Int, total: Int, localizer: Localizer, icons: IconSet, url: @escaping @Sendable (Int) -> SafeURL) {
        self.current = current
        self.total = total
        self.localizer = localizer
        self.icons = icons
        self.url = url
    }

    static let link = "inline-flex min-h-11 min-w-11 items-center justify-center gap-1 rounded-xl px-3 font-semibold no-underline hover:bg-brand-50"

    public func render(into buffer: inout String) {
        guard total > 1 else { return }
        let t = localizer
        nav(.aria(.label, t.t("Pages"))) {
            ul(.class("flex flex-wrap items-center gap-1")) {
                if current > 1 {
                    li {
                        a(.href(url(current - 1)), .rel("prev"), .class(Self.link)) {
                            IconView("outline/chevron-left", in: icons, flipsInRTL: true)
                            t.t("Previous")
                        }
                    }
                }
                for page in 1...total {
                    li {
                        if page == current {
                            a(.href(url(page)), .aria(.current, "page"), .class(Self.link + " bg-brand-700 text-white hover:bg-brand-800")) {
                                Numerals.localized(String(page), for: t.locale)
                            }
                        } else {
                            a(.href(url(page)), .aria(.label, t.t("Page {number}", ["number": Numerals.localized(String(page), for: t.locale)])),
                              .class(Self.link)) {
                                Numerals.localized(String(page), for: t.locale)
                            }
                        }
                    }
                }
                if current < total {
                    li {
                        a(.href(url(current + 1)), .rel("next"), .class(Self.link)) {
                            t.t("Next")
                            IconView("outline/chevron-right", in: icons, flipsInRTL: true)
                        }
                    }
                }
            }
        }.render(into: &buffer)
    }
}
