import Markup

/// Where the page sits in the site, ending with the page itself (`aria-current="page"`).
public struct Breadcrumb: Node {
    /// One step; the last one has no link.
    public struct Step: Sendable {
        public let label: String
        public let url: SafeURL?
        public init(_ label: String, url: SafeURL? = nil) {
            self.label = label
            self.url = url
        }
    }

    let label: String
    let steps: [Step]
    let icons: IconSet

    public init(label: String, steps: [Step], icons: IconSet) {
        self.label = label
        self.steps = steps
        self.icons = icons
    }

    public func render(into buffer: inout String) {
        nav(.aria(.label, label)) {
            ol(.class("flex flex-wrap items-center gap-1 text-sm")) {
                for (index, step) in steps.enumerated() {
                    li(.class("inline-flex items-center gap-1")) {
                        if index > 0 {
                            IconView("outline/chevron-right", in: icons, size: "size-4 text-muted", flipsInRTL: true)
                        }
                        if let url = step.url, index < steps.count - 1 {
                            a(.href(url), .class("inline-flex min-h-11 items-center px-1 font-semibold")) { step.label }
                        } else {
                            span(.aria(.current, "page"), .class("inline-flex min-h-11 items-center px-1 text-muted")) { step.label }
                        }
                    }
                }
            }
        }.render(into: &buffer)
    }
}
