/// The SVG subset icons need. Path data and every other value are escaped like any attribute,
/// so an icon is rendered by the same rules as the rest of the page.
public func svg(_ attributes: Attribute..., @NodeBuilder content: () -> Fragment) -> Element {
    svg(attributes: attributes, content: content)
}

/// `svg` with attributes computed at run time.
public func svg(attributes: [Attribute], @NodeBuilder content: () -> Fragment) -> Element {
    Element("svg", [Attribute("xmlns", "http://www.w3.org/2000/svg")] + attributes, content())
}

public func path(_ attributes: Attribute...) -> Element {
    Element("path", attributes, Fragment())
}

/// Shapes drawn over an image: face boxes and the focal point in the media library.
public func rect(_ attributes: Attribute...) -> Element {
    Element("rect", attributes, Fragment())
}

public func circle(_ attributes: Attribute...) -> Element {
    Element("circle", attributes, Fragment())
}

extension Attribute {
    public static func x(_ value: Int) -> Attribute { Attribute("x", String(value)) }
    public static func y(_ value: Int) -> Attribute { Attribute("y", String(value)) }
    public static func cx(_ value: Int) -> Attribute { Attribute("cx", String(value)) }
    public static func cy(_ value: Int) -> Attribute { Attribute("cy", String(value)) }
    public static func r(_ value: Int) -> Attribute { Attribute("r", String(value)) }
    public static func preserveAspectRatio(_ value: String) -> Attribute { Attribute("preserveAspectRatio", value) }
    /// Keeps a stroke as wide on screen whatever the image's scale.
    public static var nonScalingStroke: Attribute { Attribute("vector-effect", "non-scaling-stroke") }
    public static func viewBox(_ value: String) -> Attribute { Attribute("viewBox", value) }
    public static func fill(_ value: String) -> Attribute { Attribute("fill", value) }
    public static func stroke(_ value: String) -> Attribute { Attribute("stroke", value) }
    public static func strokeWidth(_ value: String) -> Attribute { Attribute("stroke-width", value) }
    public static func strokeLinecap(_ value: String) -> Attribute { Attribute("stroke-linecap", value) }
    public static func strokeLinejoin(_ value: String) -> Attribute { Attribute("stroke-linejoin", value) }
    public static func fillRule(_ value: String) -> Attribute { Attribute("fill-rule", value) }
    public static func clipRule(_ value: String) -> Attribute { Attribute("clip-rule", value) }
    public static func d(_ value: String) -> Attribute { Attribute("d", value) }
    public static func shapeRendering(_ value: String) -> Attribute { Attribute("shape-rendering", value) }
    /// Keeps old browsers from putting decorative SVGs in the tab order.
    public static var focusableFalse: Attribute { Attribute("focusable", "false") }
}
