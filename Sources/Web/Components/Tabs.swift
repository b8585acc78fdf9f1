import Markup

/// Tabbed panels, built to work without script: the server sends a list of in-page links and
/// every panel with its own heading. Our module turns that into an ARIA tab list with arrow-key
/// navigation and shows one panel at a time.
public struct Tabs: Node {
    /// One tab and its panel.
    public struct Panel: Sendable {
        public let id: String
        public let label: String
        public let body: String
        public init(id: String, label: String, body: String) {
            self.id = id
            self.label = label
            self.body = body
        }
    }

    let label: String
    let panels: [Panel]

    public init(label: String, panels: [Panel]) {
        self.label = label
        self.panels = panels
    }

    public func render(into buffer: inout String) {
        div(.data("tabs", ""), .class("rounded-2xl border border-line bg-white")) {
            div(.class("border-b border-line")) {
                ul(.class("flex flex-wrap gap-1 p-2"), .aria(.label, label), .data("tabs-list", "")) {
                    for panel in panels {
                        li {
                            a(.href(SafeURL("#" + panel.id)!), .data("tab", panel.id),
                              .class("inline-flex min-h-11 items-center rounded-xl px-4 font-semibold text-brand-700 no-underline hover:bg-brand-50 aria-selected:bg-brand-700 aria-selected:text-white")) {
                                panel.label
                            }
                        }
                    }
                }
            }
            for panel in panels {
                section(.id(panel.id), .data("tab-panel", ""), .class("p-5"), .aria(.labelledby, panel.id + "-heading")) {
                    h3(.id(panel.id + "-heading"), .class("mb-2 text-lg font-bold"), .data("tab-heading", "")) { panel.label }
                    p(.class("text-muted")) { panel.body }
                }
            }
        }.render(into: &buffer)
    }
}
