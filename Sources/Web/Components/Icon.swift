import Markup

/// A decorative Heroicon, inlined as SVG and hidden from assistive technology (the control
/// around it carries the accessible name). Icons that point (arrows, chevrons) flip in RTL.
public struct IconView: Node {
    let icon: IconSet.Icon?
    let sizeClass: String
    let flipsInRTL: Bool

    public init(_ name: String, in icons: IconSet, size: String = "size-5", flipsInRTL: Bool = false) {
        self.icon = icons.icon(name)
        self.sizeClass = size
        self.flipsInRTL = flipsInRTL
    }

    public func render(into buffer: inout String) {
        guard let icon else { return }
        let classes = "shrink-0 " + sizeClass + (flipsInRTL ? " rtl:-scale-x-100" : "")
        let paint: [Attribute] = icon.outline
            ? [.fill("none"), .stroke("currentColor"), .strokeWidth(icon.strokeWidth ?? "1.5")]
            : [.fill("currentColor")]
        svg(attributes: [.viewBox(icon.viewBox)] + paint + [.class(classes), .aria(.hidden, "true"), .focusableFalse]) {
            for item in icon.paths {
                if icon.outline {
                    path(.strokeLinecap("round"), .strokeLinejoin("round"), .d(item.d))
                } else if let rule = item.fillRule {
                    path(.fillRule(rule), .clipRule(item.clipRule ?? rule), .d(item.d))
                } else {
                    path(.d(item.d))
                }
            }
        }.render(into: &buffer)
    }
}
