import Core
import FluentKit
import SQLKit

/// The redirects a tree leaves behind as pages move, and those editors add.
public struct CreateRedirects: AsyncMigration {
    public var name: String { "2026-12-04-create-redirects" }

    public init() {}

    public func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { throw UnsupportedDatabase() }
        try await database.schema(RedirectRecord.schema)
            .id()
            .field("locale", .string, .required)
            .field("old_path", .string, .required)
            .field("new_path", .string)
            .field("created_by", .uuid)
            .field("created_at", .datetime, .required)
            .unique(on: "old_path")
            .create()
        // Collapsing a chain finds every redirect that leads to a path.
        try await sql.raw("CREATE INDEX redirects_new_path ON redirects (new_path)").run()
    }

    public func revert(on database: any Database) async throws {
        try await database.schema(RedirectRecord.schema).delete()
    }
}
