import Core
import Foundation

/// Keyed hashes of normalised contact details: equal details give equal hashes, so a duplicate is
/// one indexed lookup, and without the key the column says nothing. Each is stored under the
/// current key; lookups try every key the keyring holds, so rotation never hides a duplicate.
public struct BlindIndex: Sendable {
    let keyring: SecretKeyring

    public init(keyring: SecretKeyring) {
        self.keyring = keyring
    }

    /// The hash to store.
    public func value(_ kind: Kind, _ normalized: String) -> String {
        keyring.currentKey(for: .blindIndex).signature(over: [kind.rawValue, normalized])
    }

    /// Every hash a stored row with these details may carry.
    public func candidates(_ kind: Kind, _ normalized: String) -> [String] {
        keyring.keys.compactMap { keyring.key(for: .blindIndex, id: $0.id)?.signature(over: [kind.rawValue, normalized]) }
    }

    public enum Kind: String, Sendable {
        case email
        case phone
    }
}
