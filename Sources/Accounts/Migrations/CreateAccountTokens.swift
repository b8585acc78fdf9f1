import FluentKit
import SQLKit

public struct CreateAccountTokens: AsyncMigration {
    public var name: String { "2026-11-24-create-account-tokens" }

    public init() {}

    public func prepare(on database: any Database) async throws {
        try await database.schema(AccountTokenRecord.schema)
            .id()
            .field("user_id", .uuid, .required, .references(UserRecord.schema, "id", onDelete: .cascade))
            .field("purpose", .string, .required)
            .field("token_hash", .string, .required)
            .field("binding", .string, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .unique(on: "token_hash", name: "account_tokens_hash")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX account_tokens_user ON account_tokens (user_id, purpose)").run()
    }

    public func revert(on database: any Database) async throws {
        try await database.schema(AccountTokenRecord.schema).delete()
    }
}
