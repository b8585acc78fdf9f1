import Markup

/// A labelled form control with an optional hint and error, tied to the control by
/// `aria-describedby` so a screen reader reads them with it. One column on every screen.
public struct FormField: Node {
    /// The kind of control and the keyboard a phone should show.
    public enum Control: Sendable {
        case text(autocomplete: String?)
        case email
        case telephone
        /// Digits in any script are accepted by the server; `inputmode` brings up the number pad.
        case number
        case multiline(rows: Int)
        /// `current-password` or `new-password`, so password managers fill or suggest. Pasting is never blocked.
        case password(autocomplete: String)
        /// A code from an authenticator app or a recovery code (which has letters, so no number
        /// pad); browsers may fill a code they received.
        case oneTimeCode
        /// A choice from a short list: (value, label) pairs; `value` of the field is preselected.
        case select(options: [(value: String, label: String)])
        /// A yes/no choice, sent as `value` when ticked.
        case checkbox(checked: Bool)
    }

    let name: String
    let labelText: String
    let control: Control
    let value: String
    let hint: String?
    let error: String?
    let isRequired: Bool

    public init(name: String, label: String, control: Control = .text(autocomplete: nil), value: String = "",
                hint: String? = nil, error: String? = nil, isRequired: Bool = false) {
        self.name = name
        self.labelText = label
        self.control = control
        self.value = value
        self.hint = hint
        self.error = error
        self.isRequired = isRequired
    }

    /// The control's id, which the error summary links to.
    public var controlID: String { "field-" + name }

    public func render(into buffer: inout String) {
        let hintID = controlID + "-hint"
        let errorID = controlID + "-error"
        let describedBy = [hint == nil ? nil : hintID, error == nil ? nil : errorID].compactMap { $0 }
        var attributes: [Attribute] = [.id(controlID), .name(name)]
        if !describedBy.isEmpty { attributes.append(.aria(.describedby, describedBy.joined(separator: " "))) }
        if error != nil { attributes.append(.aria(.invalid, "true")) }
        if isRequired { attributes.append(.required) }
        let border = error == nil ? "border-line" : "border-red-700"
        let fieldClasses = "block w-full min-h-11 rounded-xl border-2 \(border) bg-white px-3 py-2 text-base text-ink focus-visible:outline-3 focus-visible:outline-offset-1 focus-visible:outline-focus"

        if case .checkbox(let checked) = control {
            // The box before its words, the whole line a 44 px target.
            div(.class("flex flex-col gap-1.5")) {
                label(.for(controlID), .class("flex min-h-11 items-center gap-3 font-semibold text-ink")) {
                    input(attributes: attributes + [.type("checkbox"), .value(value.isEmpty ? "on" : value), .class("size-6 accent-brand-700")]
                          + (checked ? [.checked] : []))
                    labelText
                }
                if let hint { p(.id(hintID), .class("text-sm text-muted")) { hint } }
                if let error { p(.id(errorID), .class("text-sm font-semibold text-red-800")) { error } }
            }.render(into: &buffer)
            return
        }
        div(.class("flex flex-col gap-1.5")) {
            label(.for(controlID), .class("font-semibold text-ink")) { labelText }
            if let hint { p(.id(hintID), .class("text-sm text-muted")) { hint } }
            if let error { p(.id(errorID), .class("text-sm font-semibold text-red-800")) { error } }
            switch control {
            case .text(let autocomplete):
                input(attributes: attributes + [.type("text"), .value(value), .class(fieldClasses)]
                      + (autocomplete.map { [Attribute.autocomplete($0)] } ?? []))
            case .email:
                // Addresses are left-to-right in every language.
                input(attributes: attributes + [.type("email"), .value(value), .autocomplete("email"), .dir("ltr"), .class(fieldClasses)])
            case .telephone:
                input(attributes: attributes + [.type("tel"), .value(value), .autocomplete("tel"), .dir("ltr"), .class(fieldClasses)])
            case .number:
                input(attributes: attributes + [.type("text"), .inputmode("numeric"), .value(value), .class(fieldClasses)])
            case .password(let autocomplete):
                input(attributes: attributes + [.type("password"), .autocomplete(autocomplete), .class(fieldClasses)])
            case .oneTimeCode:
                input(attributes: attributes + [.type("text"), .autocomplete("one-time-code"), .dir("ltr"), .class(fieldClasses)])
            case .checkbox:
                Fragment()
            case .select(let options):
                select(attributes: attributes + [.class(fieldClasses)]) {
                    for option in options {
                        if option.value == value {
                            Markup.option(.value(option.value), .selected) { option.label }
                        } else {
                            Markup.option(.value(option.value)) { option.label }
                        }
                    }
                }
            case .multiline(let rows):
                textarea(attributes: attributes + [.rows(rows), .class(fieldClasses)]) { value }
            }
        }.render(into: &buffer)
    }
}
