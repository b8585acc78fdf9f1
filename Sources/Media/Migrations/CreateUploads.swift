import FluentKit
import SQLKit

/// The uploads table, with the indexes the sweep (quarantined, unattached), the quotas (per form,
/// per network, by time) and an owner's list read by.
public struct CreateUploads: AsyncMigration {
    public var name: String { "2026-12-02-create-uploads" }

    public init() {}

    public func prepare(on database: any Database) async throws {
        try await database.schema(UploadRecord.schema)
            .id()
            .field("owner_id", .uuid)
            .field("form_key", .string)
            .field("network", .string, .required)
            .field("kind", .string, .required)
            .field("byte_count", .int64, .required)
            .field("display_name", .string, .required)
            .field("storage_key", .string, .required)
            .field("sha256", .string, .required)
            .field("state", .string, .required)
            .field("scan_detail", .string)
            .field("scanned_at", .datetime)
            .field("attached_type", .string)
            .field("attached_id", .string)
            .field("created_at", .datetime, .required)
            .unique(on: "storage_key")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX uploads_state ON uploads (state, created_at)").run()
        try await sql.raw("CREATE INDEX uploads_form ON uploads (form_key, created_at)").run()
        try await sql.raw("CREATE INDEX uploads_network ON uploads (network, created_at)").run()
        try await sql.raw("CREATE INDEX uploads_owner ON uploads (owner_id, created_at)").run()
    }

    public func revert(on database: any Database) async throws {
        try await database.schema(UploadRecord.schema).delete()
    }
}
