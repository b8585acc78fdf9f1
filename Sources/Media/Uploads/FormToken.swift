import Core
import Foundation

/// The signed token a form hands to a visitor so that their uploads belong to that form and no
/// other: `<form id>.<expiry>.<key id>.<signature>`. Only its hash, the form key, is stored.
public struct FormToken: Sendable {
    /// How long a visitor may take over one form; as long as an unattached upload lives.
    public static let lifetime = Uploads.unattachedLifetime

    public let keyring: SecretKeyring

    public init(keyring: SecretKeyring) {
        self.keyring = keyring
    }

    /// A new token for a form shown now.
    public func issue(now: Date = Date()) -> String {
        let id = SecureToken.generate()
        let expires = String(Int64(now.addingTimeInterval(Self.lifetime).timeIntervalSince1970))
        let key = keyring.currentKey(for: .formTokens)
        return [id, expires, key.keyID, Self.signature(id: id, expires: expires, with: key)].joined(separator: ".")
    }

    /// The form key of a token that is ours and has not expired; nil for anything else.
    public func formKey(of token: String, now: Date = Date()) -> String? {
        guard let reading = read(token), !reading.hasExpired(now: now) else { return nil }
        return reading.formKey
    }

    /// What a token that is ours says, expired or not: the form it names and when it was shown.
    /// A form checks how long its visitor took from it (too fast is a robot; too slow, a new token).
    public struct Reading: Sendable, Equatable {
        public let formKey: String
        public let issuedAt: Date
        public let expiresAt: Date

        public func hasExpired(now: Date) -> Bool { expiresAt <= now }
    }

    /// Nil for a token that is not ours (forged, truncated, signed by a key we no longer hold).
    public func read(_ token: String) -> Reading? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard token.utf8.count <= 200, parts.count == 4, let seconds = Int64(parts[1]),
              let key = keyring.key(for: .formTokens, id: parts[2]) else { return nil }
        let expected = Self.signature(id: parts[0], expires: parts[1], with: key)
        guard ConstantTime.equals(Array(expected.utf8), Array(parts[3].utf8)) else { return nil }
        let expiresAt = Date(timeIntervalSince1970: TimeInterval(seconds))
        return Reading(formKey: Self.formKey(id: parts[0]), issuedAt: expiresAt.addingTimeInterval(-Self.lifetime), expiresAt: expiresAt)
    }

    static func formKey(id: String) -> String {
        SecureToken.hash("form:\(id)")
    }

    static func signature(id: String, expires: String, with key: DerivedKey) -> String {
        key.signature(over: ["form", id, expires])
    }
}
