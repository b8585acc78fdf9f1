import FluentKit

/// The new address an address-change link confirms. A migration of its own, not a column in
/// `CreateAccountTokens`: databases created before the address change existed have that table
/// already, and Fluent never runs a migration twice.
public struct AddAccountTokenNewEmail: AsyncMigration {
    public var name: String { "2026-11-25-account-tokens-new-email" }

    public init() {}

    public func prepare(on database: any Database) async throws {
        try await database.schema(AccountTokenRecord.schema).field("new_email", .string).update()
    }

    public func revert(on database: any Database) async throws {
        try await database.schema(AccountTokenRecord.schema).deleteField("new_email").update()
    }
}
