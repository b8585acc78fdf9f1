import Core
import FluentKit
import SQLKit

/// A patient's message remembers the form it came from, once.
public struct AddMessageFormKeys: AsyncMigration {
    public var name: String { "2026-12-04-message-form-keys" }

    public init() {}

    public func prepare(on database: any Database) async throws {
        try await database.schema(MessageRecord.schema).field("form_key", .string).update()
        guard let sql = database as? any SQLDatabase else { throw UnsupportedDatabase() }
        try await sql.raw("CREATE UNIQUE INDEX messages_form_key ON messages (form_key)").run()
    }

    public func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { throw UnsupportedDatabase() }
        try await sql.raw("DROP INDEX messages_form_key").run()
        try await database.schema(MessageRecord.schema).deleteField("form_key").update()
    }
}
