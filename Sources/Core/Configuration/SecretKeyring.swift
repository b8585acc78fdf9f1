import Crypto
import Foundation

/// What a derived key is used for. Each purpose gets its own key from HKDF, so a key that leaks
/// from one use (say, a signed URL) reveals nothing about another (the audit MAC).
public enum KeyPurpose: String, Sendable, CaseIterable {
    case sessions
    case csrf
    case signedURLs = "signed-urls"
    case fieldEncryption = "field-encryption"
    case auditMAC = "audit-mac"
    /// The pepper in password hashes (an HMAC before Bcrypt).
    case passwords
    /// The HMAC under which two-step sign-in's recovery codes are stored.
    case recoveryCodes = "recovery-codes"
}

/// A purpose key together with the id of the root key it came from, which is stored beside
/// whatever it signs or encrypts so that rotation leaves old data verifiable.
public struct DerivedKey: Sendable {
    public let keyID: String
    // Data rather than SymmetricKey: SymmetricKey is not Sendable.
    private let bytes: Data

    init(keyID: String, bytes: Data) {
        self.keyID = keyID
        self.bytes = bytes
    }

    public var symmetricKey: SymmetricKey { SymmetricKey(data: bytes) }
}

/// The installation's root secrets, from `HC_SECRET_KEYS=kid1:base64key,kid2:base64key`.
///
/// The first key is current: new signatures, MACs and ciphertexts use it. The others remain so
/// that what they protected still verifies or decrypts; an operator rotates by putting a new key
/// first (`healthconnect keys rotate` prints one) and drops an old key once nothing needs it.
public struct SecretKeyring: Sendable, CustomStringConvertible {
    public struct RootKey: Sendable {
        public let id: String
        fileprivate let material: Data
    }

    public let keys: [RootKey]
    /// True for the fixed keyring used when none is configured, which production refuses.
    public let isDevelopmentDefault: Bool

    /// The shortest root key accepted, in decoded bytes.
    public static let minimumBytes = 32
    static let variable = "HC_SECRET_KEYS"

    /// Parses `kid:base64key` entries separated by commas; every problem names the variable.
    public init(parsing raw: String) throws(ConfigurationError) {
        var keys: [RootKey] = []
        for entry in raw.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            guard let colon = entry.firstIndex(of: ":") else {
                throw ConfigurationError(Self.variable, "entries look like kid:base64key; one has no ':'")
            }
            let id = String(entry[..<colon])
            guard Self.isValidID(id) else {
                throw ConfigurationError(Self.variable, "key id '\(id)' must be 1 to 32 letters, digits, '.', '_' or '-'")
            }
            guard !keys.contains(where: { $0.id == id }) else {
                throw ConfigurationError(Self.variable, "key id '\(id)' appears twice")
            }
            guard let material = Self.decodeBase64(entry[entry.index(after: colon)...]) else {
                throw ConfigurationError(Self.variable, "key '\(id)' is not valid base64")
            }
            guard material.count >= Self.minimumBytes else {
                throw ConfigurationError(Self.variable, "key '\(id)' is too short: use at least \(Self.minimumBytes) random bytes (`openssl rand -base64 32`)")
            }
            keys.append(RootKey(id: id, material: material))
        }
        guard !keys.isEmpty else { throw ConfigurationError(Self.variable, "holds no key") }
        self.keys = keys
        self.isDevelopmentDefault = false
    }

    private init(development material: Data) {
        self.keys = [RootKey(id: "dev", material: material)]
        self.isDevelopmentDefault = true
    }

    /// A fixed, publicly known keyring so that development works without setup. Never for production.
    public static let development = SecretKeyring(development: Data("health-connect-development-key-not-for-production".utf8))

    /// The id of the key new data is protected with.
    public var currentID: String { keys[0].id }

    /// The current key for `purpose`.
    public func currentKey(for purpose: KeyPurpose) -> DerivedKey {
        derive(keys[0], purpose)
    }

    /// The key for `purpose` derived from root key `id`; nil when that key is no longer configured.
    public func key(for purpose: KeyPurpose, id: String) -> DerivedKey? {
        keys.first { $0.id == id }.map { derive($0, purpose) }
    }

    /// Keys an operator should replace before production: a root key whose bytes repeat so much
    /// that it was typed rather than generated (a random 32-byte key has about 28 distinct values).
    public var weakKeyIDs: [String] {
        keys.filter { Set($0.material).count < 16 }.map(\.id)
    }

    /// Never prints key material.
    public var description: String {
        isDevelopmentDefault ? "SecretKeyring(development)" : "SecretKeyring(\(keys.map(\.id).joined(separator: ", ")))"
    }

    /// A new random root key entry (`kid:base64`), for rotation.
    public static func generateEntry(id: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<minimumBytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return "\(id):\(Data(bytes).base64EncodedString())"
    }

    public static func isValidID(_ id: String) -> Bool {
        (1...32).contains(id.count) && id.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)
        }
    }

    private func derive(_ root: RootKey, _ purpose: KeyPurpose) -> DerivedKey {
        let key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: root.material),
            salt: Data("health-connect".utf8),
            info: Data(purpose.rawValue.utf8),
            outputByteCount: 32
        )
        return DerivedKey(keyID: root.id, bytes: key.withUnsafeBytes { Data($0) })
    }

    /// Standard or URL-safe alphabet, padding optional: operators paste keys from several tools.
    private static func decodeBase64(_ text: Substring) -> Data? {
        var normalized = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while normalized.count % 4 != 0 { normalized += "=" }
        return Data(base64Encoded: normalized)
    }
}
