import FluentKit
import SQLKit

public struct CreateAccountSessions: AsyncMigration {
    public var name: String { "2026-11-24-create-account-sessions" }

    public init() {}

    public func prepare(on database: any Database) async throws {
        try await database.schema(AccountSessionRecord.schema)
            .id()
            .field("user_id", .uuid, .required, .references(UserRecord.schema, "id", onDelete: .cascade))
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .field("idle_expires_at", .datetime, .required)
            .field("absolute_expires_at", .datetime, .required)
            .field("ended_at", .datetime)
            .field("end_reason", .string)
            .field("client_ip", .string)
            .field("user_agent", .string)
            .field("second_factor", .bool, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX account_sessions_user ON account_sessions (user_id, ended_at)").run()
    }

    public func revert(on database: any Database) async throws {
        try await database.schema(AccountSessionRecord.schema).delete()
    }
}
