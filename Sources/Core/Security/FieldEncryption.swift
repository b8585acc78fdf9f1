import Crypto
import Foundation

/// Encrypts single values for storage (TOTP secrets, tokens waiting in a mail job) with
/// AES-256-GCM under the keyring's field-encryption key.
///
/// A sealed value reads `fe1$kid$base64url(nonce ‖ ciphertext ‖ tag)`. The key id travels with
/// it, so values sealed before a rotation still open while their key stays in the keyring. The
/// context (say, `totp:<user id>`) is authenticated but not stored: a value copied into another
/// row or field fails to open instead of being accepted there.
public struct FieldEncryption: Sendable {
    let keyring: SecretKeyring

    public init(keyring: SecretKeyring) {
        self.keyring = keyring
    }

    public func seal(_ plaintext: Data, context: String) throws -> String {
        let key = keyring.currentKey(for: .fieldEncryption)
        let box = try AES.GCM.seal(plaintext, using: key.symmetricKey, authenticating: Data(context.utf8))
        guard let combined = box.combined else { throw FieldEncryptionError.malformed }
        return "fe1$\(key.keyID)$" + SecureToken.base64URL(combined)
    }

    public func seal(_ plaintext: String, context: String) throws -> String {
        try seal(Data(plaintext.utf8), context: context)
    }

    public func open(_ sealed: String, context: String) throws(FieldEncryptionError) -> Data {
        let parts = sealed.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "fe1", let combined = Self.decodeBase64URL(parts[2]) else {
            throw .malformed
        }
        guard let key = keyring.key(for: .fieldEncryption, id: String(parts[1])) else { throw .unknownKey }
        do {
            let box = try AES.GCM.SealedBox(combined: combined)
            return try AES.GCM.open(box, using: key.symmetricKey, authenticating: Data(context.utf8))
        } catch {
            throw .notAuthentic
        }
    }

    public func openString(_ sealed: String, context: String) throws(FieldEncryptionError) -> String {
        guard let text = String(data: try open(sealed, context: context), encoding: .utf8) else { throw .malformed }
        return text
    }

    /// Whether `sealed` was made under a key older than the current one and should be sealed again
    /// (never under a newer one: mid-rotation, another instance may already seal with it).
    public func needsReseal(_ sealed: String) -> Bool {
        let parts = sealed.split(separator: "$", omittingEmptySubsequences: false)
        return parts.count != 3 || keyring.isSuperseded(String(parts[1]))
    }

    public static func decodeBase64URL(_ text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64.append("=") }
        return Data(base64Encoded: base64)
    }
}

public enum FieldEncryptionError: Error, Equatable {
    /// Not a value this type sealed.
    case malformed
    /// Sealed under a key no longer in the keyring.
    case unknownKey
    /// Changed, or moved to another context.
    case notAuthentic
}
