import Markup

/// Questions and answers that open one by one, on native `<details>`: keyboard and screen-reader
/// support come from the browser, and it works with scripts off.
public struct Accordion: Node {
    /// One question and its answer.
    public struct Item: Sendable {
        public let title: String
        public let body: String
        public init(title: String, body: String) {
            self.title = title
            self.body = body
        }
    }

    let items: [Item]
    let icons: IconSet

    public init(items: [Item], icons: IconSet) {
        self.items = items
        self.icons = icons
    }

    public func render(into buffer: inout String) {
        div(.class("divide-y divide-line rounded-2xl border border-line bg-white")) {
            for item in items {
                details(.class("group")) {
                    summary(.class("flex min-h-11 cursor-pointer items-center justify-between gap-4 px-5 py-3 font-semibold text-ink hover:bg-brand-50 focus-visible:outline-3 focus-visible:outline-focus")) {
                        span { item.title }
                        span(.class("disclosure-chevron inline-flex transition-transform")) {
                            IconView("outline/chevron-down", in: icons)
                        }
                    }
                    div(.class("px-5 pb-4 text-muted")) { p { item.body } }
                }
            }
        }.render(into: &buffer)
    }
}
