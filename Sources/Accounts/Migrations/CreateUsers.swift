import FluentKit
import SQLKit

public struct CreateUsers: AsyncMigration {
    public var name: String { "2026-11-23-create-users" }

    public init() {}

    public func prepare(on database: any Database) async throws {
        try await database.schema(UserRecord.schema)
            .id()
            .field("email", .string, .required)
            .field("email_normalized", .string, .required)
            .field("password_hash", .string, .required)
            .field("role", .string, .required)
            .field("first_name", .string, .required)
            .field("last_name", .string, .required)
            .field("locale", .string, .required)
            .field("email_verified_at", .datetime)
            .field("disabled_at", .datetime)
            .field("password_changed_at", .datetime, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "email_normalized", name: "users_email_normalized")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX users_role ON users (role)").run()
    }

    public func revert(on database: any Database) async throws {
        try await database.schema(UserRecord.schema).delete()
    }
}
