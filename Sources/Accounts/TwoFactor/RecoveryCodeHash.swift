import Core
import Crypto
import Foundation

/// How recovery codes are stored: `h1$<root key id>$<hex HMAC-SHA256>` under the keyring's
/// recovery-code key, so a copied table is no list of codes to try offline (ten characters
/// from 32 are about 50 bits: too few to withstand brute force against a bare hash).
///
/// Codes stored before the keyed form (a bare SHA-256 in hex) keep working: a lookup tries the
/// keyed form under every configured root key and the old form, and a code once used, or all
/// of them regenerated, leaves no old form behind.
struct RecoveryCodeHash: Sendable {
    let keyring: SecretKeyring

    /// The stored form of a new code, under the current key.
    func stored(_ code: String) -> String {
        Self.keyed(code, keyring.currentKey(for: .recoveryCodes))
    }

    /// Every stored form `code` may have: under each configured root key, and the legacy hash.
    func candidates(_ code: String) -> [String] {
        keyring.keys.compactMap { keyring.key(for: .recoveryCodes, id: $0.id) }.map { Self.keyed(code, $0) } + [SecureToken.hash(code)]
    }

    private static func keyed(_ code: String, _ key: DerivedKey) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(code.utf8), using: key.symmetricKey)
        return "h1$\(key.keyID)$" + mac.map { String(format: "%02x", $0) }.joined()
    }
}
