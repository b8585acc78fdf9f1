/// One attribute of an element. Only the constructors below exist: there is no `on*`, no `style`,
/// and no way to write an arbitrary attribute name, so a view cannot open a script-injection hole.
public struct Attribute: Sendable, Equatable {
    let name: String
    /// nil renders a boolean attribute (`required`, `hidden`).
    let value: String?

    init(_ name: String, _ value: String?) {
        self.name = name
        self.value = value
    }

    func render(into buffer: inout String) {
        buffer += " "
        buffer += name
        if let value {
            buffer += "=\""
            Escaping.appendEscaped(value, to: &buffer)
            buffer += "\""
        }
    }
}

// MARK: - Global attributes

extension Attribute {
    public static func id(_ value: String) -> Attribute { Attribute("id", value) }
    public static func `class`(_ names: String...) -> Attribute { Attribute("class", names.joined(separator: " ")) }
    public static func lang(_ value: String) -> Attribute { Attribute("lang", value) }
    public static func dir(_ value: String) -> Attribute { Attribute("dir", value) }
    public static func title(_ value: String) -> Attribute { Attribute("title", value) }
    public static func role(_ value: String) -> Attribute { Attribute("role", value) }
    public static func tabindex(_ value: Int) -> Attribute { Attribute("tabindex", String(value)) }
    public static var hidden: Attribute { Attribute("hidden", nil) }
    public static func translate(_ yes: Bool) -> Attribute { Attribute("translate", yes ? "yes" : "no") }

    /// `data-<name>`; `name` must be lower-case letters, digits and hyphens (a programming error otherwise).
    public static func data(_ name: String, _ value: String) -> Attribute {
        precondition(!name.isEmpty && name.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D },
                     "data attribute names are lower-case letters, digits and hyphens")
        return Attribute("data-" + name, value)
    }

    /// `aria-*`, typed so that only real ARIA properties exist.
    public static func aria(_ property: AriaProperty, _ value: String) -> Attribute {
        Attribute("aria-" + property.rawValue, value)
    }
}

/// The ARIA properties and states we use.
public enum AriaProperty: String, Sendable {
    case label, labelledby, describedby, current, expanded, controls, hidden, live
    case invalid, haspopup, modal, selected, errormessage, required, busy, atomic
}

// MARK: - URLs (only through SafeURL)

extension Attribute {
    public static func href(_ url: SafeURL) -> Attribute { Attribute("href", url.value) }
    public static func src(_ url: SafeURL) -> Attribute { Attribute("src", url.value) }
    public static func action(_ url: SafeURL) -> Attribute { Attribute("action", url.value) }
}

// MARK: - Links and metadata

extension Attribute {
    public static func rel(_ value: String) -> Attribute { Attribute("rel", value) }
    public static func hreflang(_ value: String) -> Attribute { Attribute("hreflang", value) }
    public static func charset(_ value: String) -> Attribute { Attribute("charset", value) }
    public static func name(_ value: String) -> Attribute { Attribute("name", value) }
    public static func content(_ value: String) -> Attribute { Attribute("content", value) }
    public static func property(_ value: String) -> Attribute { Attribute("property", value) }
    public static func media(_ value: String) -> Attribute { Attribute("media", value) }
    public static func type(_ value: String) -> Attribute { Attribute("type", value) }
    public static func crossorigin(_ value: String) -> Attribute { Attribute("crossorigin", value) }
    public static func datetime(_ value: String) -> Attribute { Attribute("datetime", value) }
}

// MARK: - Images

extension Attribute {
    public static func alt(_ value: String) -> Attribute { Attribute("alt", value) }
    public static func width(_ value: Int) -> Attribute { Attribute("width", String(value)) }
    public static func height(_ value: Int) -> Attribute { Attribute("height", String(value)) }
    public static func loading(_ value: String) -> Attribute { Attribute("loading", value) }
    public static func decoding(_ value: String) -> Attribute { Attribute("decoding", value) }
    /// Candidates as `url 640w`. A URL with a space or a comma would split the list, so such a
    /// candidate is left out rather than written ambiguously.
    public static func srcset(_ candidates: [(url: SafeURL, width: Int)]) -> Attribute {
        Attribute("srcset", candidates.filter { !$0.url.value.contains(where: { $0 == " " || $0 == "," }) }
            .map { "\($0.url.value) \($0.width)w" }.joined(separator: ", "))
    }
    public static func draggable(_ value: Bool) -> Attribute { Attribute("draggable", value ? "true" : "false") }
    public static func sizes(_ value: String) -> Attribute { Attribute("sizes", value) }
    public static func fetchpriority(_ value: String) -> Attribute { Attribute("fetchpriority", value) }
}

// MARK: - Forms

extension Attribute {
    /// How a form is sent.
    public enum FormMethod: String, Sendable {
        case get, post
        /// Closes the `<dialog>` the form is in, without sending anything.
        case dialog
    }

    public static func method(_ value: FormMethod) -> Attribute { Attribute("method", value.rawValue) }
    public static func value(_ value: String) -> Attribute { Attribute("value", value) }
    public static func `for`(_ id: String) -> Attribute { Attribute("for", id) }
    public static func placeholder(_ value: String) -> Attribute { Attribute("placeholder", value) }
    public static func autocomplete(_ value: String) -> Attribute { Attribute("autocomplete", value) }
    public static func inputmode(_ value: String) -> Attribute { Attribute("inputmode", value) }
    public static func pattern(_ value: String) -> Attribute { Attribute("pattern", value) }
    public static func minlength(_ value: Int) -> Attribute { Attribute("minlength", String(value)) }
    public static func maxlength(_ value: Int) -> Attribute { Attribute("maxlength", String(value)) }
    public static func min(_ value: String) -> Attribute { Attribute("min", value) }
    public static func max(_ value: String) -> Attribute { Attribute("max", value) }
    public static func rows(_ value: Int) -> Attribute { Attribute("rows", String(value)) }
    public static func enctype(_ value: String) -> Attribute { Attribute("enctype", value) }
    /// The kinds a file input offers to pick (`image/*,.pdf`): a hint to the picker, never a check.
    public static func accept(_ value: String) -> Attribute { Attribute("accept", value) }
    public static var required: Attribute { Attribute("required", nil) }
    public static var disabled: Attribute { Attribute("disabled", nil) }
    public static var checked: Attribute { Attribute("checked", nil) }
    public static var selected: Attribute { Attribute("selected", nil) }
    public static var multiple: Attribute { Attribute("multiple", nil) }
    public static var novalidate: Attribute { Attribute("novalidate", nil) }
    public static var open: Attribute { Attribute("open", nil) }
    public static var `defer`: Attribute { Attribute("defer", nil) }
}

// MARK: - Behaviour without script

extension Attribute {
    /// Invoker commands (`<button commandfor command>`): open and close dialogs with no JavaScript.
    public enum Command: String, Sendable {
        case showModal = "show-modal"
        case close
        case requestClose = "request-close"
    }

    public static func commandfor(_ id: String) -> Attribute { Attribute("commandfor", id) }
    public static func command(_ value: Command) -> Attribute { Attribute("command", value.rawValue) }
    /// `<link rel="preload" as="font">`.
    public static func `as`(_ value: String) -> Attribute { Attribute("as", value) }
    public static var autofocus: Attribute { Attribute("autofocus", nil) }
}
