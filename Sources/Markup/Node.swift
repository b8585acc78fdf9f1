/// Anything that renders as HTML. Text and attribute values are escaped by the renderer,
/// so a view never escapes by hand and can never forget to.
public protocol Node: Sendable {
    /// Appends this node's HTML to `buffer`.
    func render(into buffer: inout String)
}

extension Node {
    /// This node as an HTML string, rendered into one buffer.
    public func render() -> String {
        var buffer = ""
        buffer.reserveCapacity(4096)
        render(into: &buffer)
        return buffer
    }
}

/// Plain text: `&`, `<`, `>`, `"` and `'` become character references.
public struct Text: Node {
    public let value: String
    public init(_ value: String) { self.value = value }
    public func render(into buffer: inout String) {
        Escaping.appendEscaped(value, to: &buffer)
    }
}

/// A sequence of nodes with no element around them.
public struct Fragment: Node {
    public let children: [any Node]
    public init(_ children: [any Node] = []) { self.children = children }
    public init(@NodeBuilder _ content: () -> Fragment) { self = content() }
    public func render(into buffer: inout String) {
        for child in children { child.render(into: &buffer) }
    }
}

/// The `<!DOCTYPE html>` line that opens every page.
public struct Doctype: Node {
    public init() {}
    public func render(into buffer: inout String) { buffer += "<!DOCTYPE html>" }
}
