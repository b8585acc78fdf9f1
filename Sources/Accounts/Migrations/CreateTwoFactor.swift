import FluentKit
import SQLKit

public struct CreateTwoFactor: AsyncMigration {
    public var name: String { "2026-11-24-create-two-factor" }

    public init() {}

    public func prepare(on database: any Database) async throws {
        try await database.schema(TOTPCredentialRecord.schema)
            .id()
            .field("user_id", .uuid, .required, .references(UserRecord.schema, "id", onDelete: .cascade))
            .field("secret_sealed", .string, .required)
            .field("confirmed_at", .datetime)
            .field("last_used_step", .int64)
            .field("created_at", .datetime, .required)
            .unique(on: "user_id", name: "totp_credentials_user")
            .create()
        try await database.schema(RecoveryCodeRecord.schema)
            .id()
            .field("user_id", .uuid, .required, .references(UserRecord.schema, "id", onDelete: .cascade))
            .field("code_hash", .string, .required)
            .field("used_at", .datetime)
            .field("created_at", .datetime, .required)
            .unique(on: "code_hash", name: "recovery_codes_hash")
            .create()
    }

    public func revert(on database: any Database) async throws {
        try await database.schema(RecoveryCodeRecord.schema).delete()
        try await database.schema(TOTPCredentialRecord.schema).delete()
    }
}
