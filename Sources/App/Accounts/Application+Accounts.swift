import Accounts
import Vapor

extension Application {
    private struct AccountsKey: StorageKey { typealias Value = Accounts }

    /// Opening and changing accounts, with the configured hashing and policy.
    var accounts: Accounts {
        get {
            guard let accounts = storage[AccountsKey.self] else { fatalError("configure(_:configuration:) sets up accounts") }
            return accounts
        }
        set { storage[AccountsKey.self] = newValue }
    }
}
