import Markup

/// A titled block of content on a white surface.
public struct Card: Node {
    let title: String
    let headingLevel: Int
    let icon: (any Node)?
    let content: Fragment

    public init(title: String, headingLevel: Int = 3, icon: (any Node)? = nil, @NodeBuilder content: () -> Fragment) {
        self.title = title
        self.headingLevel = headingLevel
        self.icon = icon
        self.content = content()
    }

    public func render(into buffer: inout String) {
        let heading: Element = headingLevel == 2
            ? h2(.class("text-lg font-bold text-ink")) { title }
            : h3(.class("text-lg font-bold text-ink")) { title }
        div(.class("flex h-full flex-col gap-3 rounded-2xl border border-line bg-white p-5 shadow-sm")) {
            if let icon {
                span(.class("inline-flex size-11 items-center justify-center rounded-xl bg-brand-50 text-brand-700")) { icon }
            }
            heading
            div(.class("text-muted")) { content }
        }.render(into: &buffer)
    }
}
