/// An HTML element with typed attributes and children.
public struct Element: Node {
    public let name: String
    public let attributes: [Attribute]
    public let children: Fragment
    /// Void elements (`<meta>`, `<input>`) have no closing tag and no children.
    public let isVoid: Bool

    init(_ name: String, _ attributes: [Attribute], _ children: Fragment = Fragment(), isVoid: Bool = false) {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.isVoid = isVoid
    }

    public func render(into buffer: inout String) {
        buffer += "<"
        buffer += name
        for attribute in attributes { attribute.render(into: &buffer) }
        buffer += ">"
        guard !isVoid else { return }
        children.render(into: &buffer)
        buffer += "</"
        buffer += name
        buffer += ">"
    }
}
