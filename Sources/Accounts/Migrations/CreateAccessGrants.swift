import FluentKit
import SQLKit

public struct CreateAccessGrants: AsyncMigration {
    public var name: String { "2026-11-24-create-access-grants" }

    public init() {}

    public func prepare(on database: any Database) async throws {
        try await database.schema(AccessGrantRecord.schema)
            .id()
            .field("user_id", .uuid, .required, .references(UserRecord.schema, "id", onDelete: .cascade))
            .field("scope", .string, .required)
            .field("target", .string, .required)
            .field("granted_by", .uuid)
            .field("created_at", .datetime, .required)
            .field("revoked_at", .datetime)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX access_grants_lookup ON access_grants (user_id, scope, target)").run()
    }

    public func revert(on database: any Database) async throws {
        try await database.schema(AccessGrantRecord.schema).delete()
    }
}
