import Fluent

/// The server-side session table: one row per visitor session, keyed by the SHA-256 of the cookie.
struct CreateSessions: AsyncMigration {
    var name: String { "2026-11-23-create-sessions" }

    func prepare(on database: any Database) async throws {
        try await database.schema(SessionRecord.schema)
            .id()
            .field("key_hash", .string, .required)
            .field("data", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "key_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SessionRecord.schema).delete()
    }
}
