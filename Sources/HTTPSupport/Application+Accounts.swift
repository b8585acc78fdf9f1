import Accounts
import Vapor

extension Application {
    private struct AccountsKey: StorageKey { typealias Value = Accounts }

    /// The accounts domain with the configured hashing, policy and timeouts; App sets it at start.
    public var accounts: Accounts {
        get {
            guard let accounts = storage[AccountsKey.self] else { fatalError("configure(_:configuration:) sets up accounts") }
            return accounts
        }
        set { storage[AccountsKey.self] = newValue }
    }
}
