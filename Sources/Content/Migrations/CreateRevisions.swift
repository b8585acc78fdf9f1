import Core
import FluentKit
import SQLKit

/// Revisions, publication, scheduling, locks and medical review of pages, and snippets.
public struct CreateRevisions: AsyncMigration {
    public var name: String { "2026-12-04-create-page-revisions" }

    public init() {}

    static let pageColumns: [(String, DatabaseSchema.DataType)] = [
        ("latest_revision_id", .uuid), ("live_revision_id", .uuid), ("first_published_at", .datetime), ("last_published_at", .datetime),
        ("scheduled_revision_id", .uuid), ("go_live_at", .datetime), ("expire_at", .datetime), ("locked_by", .uuid), ("locked_at", .datetime),
        ("reviewed_by", .uuid), ("reviewed_at", .datetime), ("review_due", .string),
    ]

    public func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { throw UnsupportedDatabase() }
        // One column a statement: SQLite adds columns one at a time.
        try await sql.raw("ALTER TABLE pages ADD COLUMN live BOOLEAN NOT NULL DEFAULT FALSE").run()
        for (name, type) in Self.pageColumns {
            try await database.schema(PageRecord.schema).field(.string(name), type).update()
        }
        try await database.schema(PageRevisionRecord.schema)
            .id()
            .field("page_id", .uuid, .required, .references(PageRecord.schema, "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("content", .string, .required)
            .field("asset_ids", .string, .required)
            .field("snippet_ids", .string, .required)
            .field("created_by", .uuid)
            .field("created_at", .datetime, .required)
            .field("source_revision_id", .uuid)
            .field("published_at", .datetime)
            .field("content_hash", .string)
            .unique(on: "page_id", "number")
            .create()
        try await database.schema(SnippetRecord.schema)
            .id()
            .field("kind", .string, .required)
            .field("locale", .string, .required)
            .field("translation_key", .uuid, .required)
            .field("label", .string, .required)
            .field("content", .string, .required)
            .field("asset_ids", .string, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await sql.raw("CREATE INDEX snippets_kind ON snippets (kind, locale, label)").run()
        // The pages a withdrawn asset is on, through the usage table Media reads.
        try await sql.raw("CREATE INDEX media_usages_user ON media_usages (user_type, user_id)").run()
    }

    public func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { throw UnsupportedDatabase() }
        try await sql.raw("DROP INDEX media_usages_user").run()
        try await database.schema(SnippetRecord.schema).delete()
        try await database.schema(PageRevisionRecord.schema).delete()
        for (name, _) in Self.pageColumns.reversed() {
            try await database.schema(PageRecord.schema).deleteField(.string(name)).update()
        }
        try await database.schema(PageRecord.schema).deleteField("live").update()
    }
}
