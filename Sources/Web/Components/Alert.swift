import Markup

/// A message about the page or the last action. Errors are announced at once (`role="alert"`),
/// the rest politely (`role="status"`).
public struct Alert: Node {
    public enum Kind: Sendable {
        case info, success, warning, error

        var classes: String {
            switch self {
            case .info: return "border-brand-200 bg-brand-50 text-brand-900"
            case .success: return "border-green-300 bg-green-50 text-green-900"
            case .warning: return "border-amber-300 bg-amber-50 text-amber-900"
            case .error: return "border-red-300 bg-red-50 text-red-900"
            }
        }

        var icon: String {
            switch self {
            case .info: return "outline/information-circle"
            case .success: return "outline/check-circle"
            case .warning: return "outline/exclamation-triangle"
            case .error: return "outline/x-circle"
            }
        }
    }

    let kind: Kind
    let title: String?
    let message: String
    let icons: IconSet

    public init(_ kind: Kind, title: String? = nil, message: String, icons: IconSet) {
        self.kind = kind
        self.title = title
        self.message = message
        self.icons = icons
    }

    public func render(into buffer: inout String) {
        div(.class("flex gap-3 rounded-xl border p-4 " + kind.classes), .role(kind == .error ? "alert" : "status")) {
            IconView(kind.icon, in: icons, size: "size-6 mt-0.5")
            div {
                if let title { p(.class("font-bold")) { title } }
                p { message }
            }
        }.render(into: &buffer)
    }
}
