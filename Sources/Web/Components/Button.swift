import Markup

/// How prominent an action is.
public enum ButtonStyle: Sendable {
    /// The one main action of a view.
    case primary
    /// Other actions.
    case secondary
    /// Actions that should not draw the eye (cancel, close).
    case quiet

    /// Shared shape: at least 44 px tall and wide, a visible focus ring, icon and text aligned.
    var classes: String {
        let shape = "inline-flex min-h-11 min-w-11 items-center justify-center gap-2 rounded-xl px-5 py-2 text-base font-semibold no-underline transition-colors focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-focus"
        switch self {
        case .primary: return shape + " bg-brand-700 text-white hover:bg-brand-800"
        case .secondary: return shape + " border-2 border-brand-700 bg-white text-brand-700 hover:bg-brand-50"
        case .quiet: return shape + " text-brand-700 underline-offset-4 hover:bg-brand-50 hover:underline"
        }
    }
}

/// A `<button>`: `submit` sends its form, `button` only runs a command (opens a dialog…).
public struct Button: Node {
    public enum Kind: String, Sendable { case submit, button }

    let label: String
    let style: ButtonStyle
    let kind: Kind
    let extra: [Attribute]

    /// - Parameter attributes: `name`, `value`, `commandfor`… as the use needs.
    public init(_ label: String, style: ButtonStyle = .primary, kind: Kind = .submit, _ attributes: Attribute...) {
        self.label = label
        self.style = style
        self.kind = kind
        self.extra = attributes
    }

    public func render(into buffer: inout String) {
        button(attributes: [.type(kind.rawValue), .class(style.classes)] + extra) { label }.render(into: &buffer)
    }
}

/// A link that looks like a button: for navigation, never for changing data.
public struct LinkButton: Node {
    let label: String
    let url: SafeURL
    let style: ButtonStyle
    let trailing: (any Node)?

    public init(_ label: String, to url: SafeURL, style: ButtonStyle = .primary, trailing: (any Node)? = nil) {
        self.label = label
        self.url = url
        self.style = style
        self.trailing = trailing
    }

    public func render(into buffer: inout String) {
        a(.class(style.classes), .href(url)) {
            label
            if let trailing { trailing }
        }.render(into: &buffer)
    }
}
