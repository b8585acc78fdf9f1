import FluentKit
import SQLKit

public struct CreateAPITokens: AsyncMigration {
    public var name: String { "2026-11-24-create-api-tokens" }

    public init() {}

    public func prepare(on database: any Database) async throws {
        try await database.schema(SigningKeyRecord.schema)
            .field("kid", .string, .identifier(auto: false))
            .field("private_key_sealed", .string, .required)
            .field("public_key", .string, .required)
            .field("created_at", .datetime, .required)
            .field("retired_at", .datetime)
            .create()
        try await database.schema(TokenFamilyRecord.schema)
            .id()
            .field("user_id", .uuid, .required, .references(UserRecord.schema, "id", onDelete: .cascade))
            .field("created_at", .datetime, .required)
            .field("last_used_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("revoked_at", .datetime)
            .field("revoke_reason", .string)
            .field("second_factor", .bool, .required)
            .field("client_ip", .string)
            .field("user_agent", .string)
            .create()
        try await database.schema(RefreshTokenRecord.schema)
            .id()
            .field("family_id", .uuid, .required, .references(TokenFamilyRecord.schema, "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .field("used_at", .datetime)
            .unique(on: "token_hash", name: "refresh_tokens_hash")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX token_families_user ON token_families (user_id, revoked_at)").run()
    }

    public func revert(on database: any Database) async throws {
        try await database.schema(RefreshTokenRecord.schema).delete()
        try await database.schema(TokenFamilyRecord.schema).delete()
        try await database.schema(SigningKeyRecord.schema).delete()
    }
}
