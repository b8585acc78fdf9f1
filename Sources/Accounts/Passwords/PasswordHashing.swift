import Core
import Crypto
import Foundation
import Synchronization

/// Bcrypt, as Vapor implements it; the domain reaches it through this protocol so it does not
/// import Vapor. Implementations run it off the event loop: one hash takes a quarter of a second.
public protocol BcryptHasher: Sendable {
    func hash(_ input: String, cost: Int) async throws -> String
    func verify(_ input: String, created hash: String) async throws -> Bool
}

/// Password hashes: Bcrypt over an HMAC-SHA256 of the password.
///
/// The HMAC does two jobs. Bcrypt reads at most 72 bytes, which is 36 Arabic letters, so a
/// long passphrase would silently lose its end; the HMAC's 32 bytes (44 in base64) always fit.
/// And its key is the keyring's password key, which never enters the database: a stolen user
/// table alone cannot be cracked offline. The key id is stored with the hash
/// (`hc1$kid$bcrypt`), so hashes made under an old key still verify and are renewed at sign-in.
public struct PasswordHashing: Sendable {
    let keyring: SecretKeyring
    let bcrypt: any BcryptHasher
    public let cost: Int
    private let dummy = DummyHash()

    public init(keyring: SecretKeyring, bcrypt: any BcryptHasher, cost: Int) {
        self.keyring = keyring
        self.bcrypt = bcrypt
        self.cost = cost
    }

    public func hash(_ password: String) async throws -> String {
        let key = keyring.currentKey(for: .passwords)
        return "hc1$\(key.keyID)$" + (try await bcrypt.hash(Self.prehash(password, key: key), cost: cost))
    }

    /// Whether `password` matches `stored`. False (never an error) for a malformed hash or a key
    /// no longer in the keyring, so a sign-in cannot tell those apart from a wrong password.
    public func verify(_ password: String, against stored: String) async -> Bool {
        let parts = stored.split(separator: "$", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "hc1", let key = keyring.key(for: .passwords, id: String(parts[1])) else {
            return false
        }
        return (try? await bcrypt.verify(Self.prehash(password, key: key), created: String(parts[2]))) ?? false
    }

    /// Spends the time of one verification for a sign-in whose address has no account, so the
    /// answer's timing does not tell the two apart.
    public func verifyNothing(_ password: String) async {
        let key = keyring.currentKey(for: .passwords)
        guard let dummy = try? await dummyHash() else { return }
        _ = try? await bcrypt.verify(Self.prehash(password, key: key), created: dummy)
    }

    /// A Bcrypt hash at the configured cost of a random value nobody knows, made on first use.
    private func dummyHash() async throws -> String {
        if let hash = dummy.value.withLock({ $0 }) { return hash }
        let hash = try await bcrypt.hash(SecureToken.generate(), cost: cost)
        dummy.value.withLock { $0 = hash }
        return hash
    }

    /// Whether `stored` should be replaced after a successful sign-in: made under a key older than
    /// the current one (a newer one is kept: mid-rotation, another instance already uses it) or a
    /// lower cost than configured now.
    public func needsRehash(_ stored: String) -> Bool {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count >= 5, !keyring.isSuperseded(String(parts[1])), let storedCost = Int(parts[4]) else { return true }
        return storedCost < cost
    }

    /// NFC first, so the same passphrase typed on two keyboards (composed or decomposed letters)
    /// gives the same hash.
    static func prehash(_ password: String, key: DerivedKey) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(password.precomposedStringWithCanonicalMapping.utf8), using: key.symmetricKey)
        return Data(mac).base64EncodedString()
    }
}

private final class DummyHash: Sendable {
    let value = Mutex<String?>(nil)
}
