import Core
import FluentKit
import SQLKit

/// Each account's IANA time zone; accounts made before it live in UTC until they choose.
public struct AddUserTimeZone: AsyncMigration {
    public var name: String { "2026-12-02-users-time-zone" }

    public init() {}

    public func prepare(on database: any Database) async throws {
        // Raw, for the default that fills the rows already there (the same SQL on both engines).
        guard let sql = database as? any SQLDatabase else { throw UnsupportedDatabase() }
        try await sql.raw("ALTER TABLE users ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC'").run()
    }

    public func revert(on database: any Database) async throws {
        try await database.schema(UserRecord.schema).deleteField("time_zone").update()
    }
}
