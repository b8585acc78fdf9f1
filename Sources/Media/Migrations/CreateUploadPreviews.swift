import FluentKit
import SQLKit

/// DICOM previews, and the identifying tags read from an upload's header (sealed with field
/// encryption: a name, a birth date and a hospital are health data too).
public struct CreateUploadPreviews: AsyncMigration {
    public var name: String { "2026-12-02-create-upload-previews" }

    public init() {}

    public func prepare(on database: any Database) async throws {
        try await database.schema(UploadPreviewRecord.schema)
            .id()
            .field("upload_id", .uuid, .required, .references(UploadRecord.schema, "id", onDelete: .cascade))
            .field("storage_key", .string, .required)
            .field("position", .int, .required)
            .field("modality", .string)
            .field("series_description", .string)
            .field("image_count", .int, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "storage_key")
            .create()
        try await database.schema(UploadRecord.schema).field("dicom_tags", .string).update()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX upload_previews_upload ON upload_previews (upload_id, position)").run()
    }

    public func revert(on database: any Database) async throws {
        try await database.schema(UploadPreviewRecord.schema).delete()
        try await database.schema(UploadRecord.schema).deleteField("dicom_tags").update()
    }
}
