/// A whole HTML page: the doctype and the `<html>` element.
public struct Document: Node {
    public let root: Element

    public init(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment) {
        self.root = Element("html", attributes, content())
    }

    public func render(into buffer: inout String) {
        Doctype().render(into: &buffer)
        root.render(into: &buffer)
    }
}
