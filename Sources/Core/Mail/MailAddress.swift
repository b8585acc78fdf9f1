import Foundation

/// An e-mail address with an optional display name. The address itself must be ASCII (we do not
/// assume SMTPUTF8); the name may be in any script and is encoded when the message is written.
/// A name never stops a message: control characters and line breaks are dropped from it, and
/// whatever is not plain letters and spaces (quotes, angle brackets, any script) is written as an
/// RFC 2047 encoded word, so no header can be injected through it.
public struct MailAddress: Sendable, Hashable, CustomStringConvertible, Codable {
    public let name: String?
    public let address: String

    public init?(address: String, name: String? = nil) {
        let address = address.trimmingCharacters(in: .whitespaces)
        guard Self.isValidAddress(address) else { return nil }
        self.init(checked: address, name: name)
    }

    private init(checked address: String, name: String?) {
        self.address = address
        self.name = name.flatMap(Self.displayName)
    }

    /// An address as stored, not checked: for queuing mail to an address that no longer passes
    /// the check, so the mail job refuses it visibly (dead, with the reason) instead of the
    /// message vanishing where it was queued.
    public static func unchecked(address: String, name: String? = nil) -> MailAddress {
        MailAddress(checked: address, name: name)
    }

    /// Whether the address passes the check a new one must pass.
    public var isUsable: Bool { Self.isValidAddress(address) }

    /// `name` without control, format or line-separator characters and with runs of spaces made
    /// one; nil when nothing is left.
    static func displayName(_ name: String) -> String? {
        let kept = name.unicodeScalars.map { scalar -> Character in
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned, .privateUse: return " "
            default: return Character(scalar)
            }
        }
        let cleaned = String(kept).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return cleaned.isEmpty ? nil : String(cleaned.prefix(200))
    }

    /// Parses `Name <address>` or a bare `address`.
    public init?(parsing text: String) {
        let text = text.trimmingCharacters(in: .whitespaces)
        if text.hasSuffix(">"), let open = text.lastIndex(of: "<") {
            let name = text[..<open].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            self.init(address: String(text[text.index(after: open)..<text.index(before: text.endIndex)]), name: name)
        } else {
            self.init(address: text)
        }
    }

    public var domain: String { address.lastIndex(of: "@").map { String(address[address.index(after: $0)...]) } ?? "" }

    public var description: String { name.map { "\($0) <\(address)>" } ?? address }

    /// Deliberately plain: printable ASCII without spaces, quotes, brackets or commas, one `@`,
    /// a dotted domain. Stricter than RFC 5321, and what real patients' addresses look like.
    static func isValidAddress(_ address: String) -> Bool {
        guard address.utf8.count <= 254 else { return false }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].utf8.count <= 64 else { return false }
        let allowedLocal = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.!#$%&'*+-/=?^_`{|}~".unicodeScalars)
        guard parts[0].unicodeScalars.allSatisfy({ allowedLocal.contains($0) }),
              !parts[0].hasPrefix("."), !parts[0].hasSuffix("."), !parts[0].contains("..") else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        return labels.allSatisfy { label in
            (1...63).contains(label.count) && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-") }
        }
    }
}
