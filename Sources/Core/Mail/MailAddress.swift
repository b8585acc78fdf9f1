import Foundation

/// An e-mail address with an optional display name. The address itself must be ASCII (we do not
/// assume SMTPUTF8); the name may be in any script and is encoded when the message is written.
/// Parsing refuses line breaks and angle brackets anywhere, so no header can be injected.
public struct MailAddress: Sendable, Hashable, CustomStringConvertible, Codable {
    public let name: String?
    public let address: String

    public init?(address: String, name: String? = nil) {
        let address = address.trimmingCharacters(in: .whitespaces)
        guard Self.isValidAddress(address) else { return nil }
        let name = name?.trimmingCharacters(in: .whitespaces)
        if let name, name.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "<" || $0 == ">" || $0.value == 0x7F }) {
            return nil
        }
        self.address = address
        self.name = (name?.isEmpty ?? true) ? nil : name
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

    public var domain: String { String(address[address.index(after: address.lastIndex(of: "@")!)...]) }

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
