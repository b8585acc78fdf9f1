/// A video from a host's privacy-respecting player. The frame gets no more than playing needs:
/// scripts and the host's own origin, no forms, no top-level navigation, no referrer.
public struct VideoFrame: Node {
    let url: SafeURL
    let title: String

    public init(_ url: SafeURL, title: String) {
        self.url = url
        self.title = title
    }

    public func render(into buffer: inout String) {
        Element("iframe", [
            .src(url), .title(title), Attribute("loading", "lazy"), Attribute("referrerpolicy", "no-referrer"),
            Attribute("sandbox", "allow-scripts allow-same-origin allow-presentation"),
            Attribute("allow", "fullscreen; picture-in-picture"), Attribute("allowfullscreen", nil),
            .class("aspect-video h-auto w-full rounded-2xl border-0 bg-ink"),
        ], Fragment()).render(into: &buffer)
    }
}

public func cite(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment = { Fragment() }) -> Element {
    Element("cite", attributes, content())
}

extension Attribute {
    /// `scope` of a table header cell: `col` or `row`.
    public static func scope(_ value: String) -> Attribute { Attribute("scope", value) }
}
