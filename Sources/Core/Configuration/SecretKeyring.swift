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
    /// Tokens that bind a visitor's uploads to the form they are filling in.
    case formTokens = "form-tokens"
    /// Keyed hashes of normalised addresses and phone numbers, so duplicates are found by an
    /// index lookup without decrypting anything.
    case blindIndex = "blind-index"
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

    /// HMAC-SHA256 over `fields`, each length-prefixed so no choice of one can shift text into
    /// another, as unpadded base64url: the signature of a signed URL or token.
    public func signature(over fields: [String]) -> String {
        let message = fields.map { "\($0.utf8.count):\($0)" }.joined()
        return SecureToken.base64URL(Data(HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: symmetricKey)))
    }
}

/// The installation's root secrets, from `HC_SECRET_KEYS=kid1:base64key,kid2:base64key`, newest
/// first.
///
/// The current key protects new signatures, MACs and ciphertexts; the others remain so that what
/// they protected still verifies or decrypts. The current key is the newest one unless
/// `HC_SECRET_KEY_CURRENT` names an older one: that is the first step of a rotation, in which a
/// new key is known to every instance (they verify and decrypt with it) before any signs with it,
/// so that a rolling deploy never leaves an instance unable to read what another just wrote.
/// `healthconnect keys rotate` prints both steps; an old key is dropped once nothing needs it.
public struct SecretKeyring: Sendable, CustomStringConvertible {
    public struct RootKey: Sendable {
        public let id: String
        fileprivate let material: Data
    }

    /// Newest first.
    public let keys: [RootKey]
    /// The position in `keys` of the key new data is protected with.
    private let currentIndex: Int
    /// True for the fixed keyring used when none is configured, which production refuses.
    public let isDevelopmentDefault: Bool

    /// The shortest root key accepted, in decoded bytes.
    public static let minimumBytes = 32
    static let variable = "HC_SECRET_KEYS"
    static let currentVariable = "HC_SECRET_KEY_CURRENT"

    /// Parses `kid:base64key` entries separated by commas, newest first; every problem names the
    /// variable. `current`, when given, names the key to protect new data with (an older one than
    /// the newest while a rotation is under way).
    public init(parsing raw: String, current: String? = nil) throws(ConfigurationError) {
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
        var currentIndex = 0
        if let current {
            guard let index = keys.firstIndex(where: { $0.id == current }) else {
                throw ConfigurationError(Self.currentVariable, "names key '\(current)', which HC_SECRET_KEYS does not hold")
            }
            currentIndex = index
        }
        self.keys = keys
        self.currentIndex = currentIndex
        self.isDevelopmentDefault = false
    }

    private init(development material: Data) {
        self.keys = [RootKey(id: "dev", material: material)]
        self.currentIndex = 0
        self.isDevelopmentDefault = true
    }

    /// A fixed, publicly known keyring so that development works without setup. Never for production.
    public static let development = SecretKeyring(development: Data("health-connect-development-key-not-for-production".utf8))

    /// The id of the key new data is protected with.
    public var currentID: String { keys[currentIndex].id }

    /// True between the two steps of a rotation: a newer key is known but not yet used.
    public var hasPendingKey: Bool { currentIndex > 0 }

    /// The current key for `purpose`.
    public func currentKey(for purpose: KeyPurpose) -> DerivedKey {
        derive(keys[currentIndex], purpose)
    }

    /// How new key `id` is: 0 for the newest; nil for a key this keyring does not hold.
    public func age(of id: String) -> Int? {
        keys.firstIndex { $0.id == id }
    }

    /// True when what key `id` protected should be protected again with the current key: the key
    /// is older than the current one, or unknown. A newer key (one another instance already
    /// promoted) is left alone, so two instances mid-rotation never undo each other's work.
    public func isSuperseded(_ id: String) -> Bool {
        guard let age = age(of: id) else { return true }
        return age > currentIndex
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
        isDevelopmentDefault ? "SecretKeyring(development)" : "SecretKeyring(\(keys.map(\.id).joined(separator: ", ")), current \(currentID))"
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
