import Core
import FluentKit
import SQLKit

/// The page tree. On PostgreSQL the path compares byte by byte (`COLLATE "C"`), as SQLite's does,
/// so a subtree is one range of the path index on both.
public struct CreatePages: AsyncMigration {
    public var name: String { "2026-12-04-create-pages" }

    public init() {}

    public func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { throw UnsupportedDatabase() }
        let path: DatabaseSchema.DataType = sql.dialect.name == "postgresql" ? .custom(SQLRaw("TEXT COLLATE \"C\"")) : .string
        try await database.schema(PageRecord.schema)
            .id()
            .field("locale", .string, .required)
            .field("parent_id", .uuid, .references(PageRecord.schema, "id"))
            .field("path", path, .required)
            .field("depth", .int, .required)
            .field("position", .int, .required)
            .field("slug", .string, .required)
            .field("url_path", .string, .required)
            .field("type", .string, .required)
            .field("title", .string, .required)
            .field("translation_key", .uuid, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "path")
            .unique(on: "url_path")
            .create()
        try await sql.raw("CREATE INDEX pages_children ON pages (parent_id, position)").run()
        try await sql.raw("CREATE INDEX pages_translations ON pages (translation_key, locale)").run()
        // One root per locale.
        try await sql.raw("CREATE UNIQUE INDEX pages_one_root ON pages (locale) WHERE parent_id IS NULL").run()
    }

    public func revert(on database: any Database) async throws {
        try await database.schema(PageRecord.schema).delete()
    }
}
