import FluentKit
import SQLKit

/// The media library: consents, assets, the people in them, and their public renditions.
public struct CreateMediaLibrary: AsyncMigration {
    public var name: String { "2026-12-03-create-media-library" }

    public init() {}

    public func prepare(on database: any Database) async throws {
        try await database.schema(ConsentRecord.schema)
            .id()
            .field("subject_user_id", .uuid)
            .field("subject_name", .string)
            .field("subject_key", .string, .required)
            .field("purpose", .string, .required)
            .field("photo_level", .string, .required)
            .field("locales", .string, .required)
            .field("expires_at", .datetime)
            .field("evidence_upload_id", .uuid, .references(UploadRecord.schema, "id", onDelete: .setNull))
            .field("evidence_reference", .string)
            .field("recorded_by", .uuid, .required)
            .field("recorded_at", .datetime, .required)
            .field("withdrawn_at", .datetime)
            .field("withdrawn_by", .uuid)
            .unique(on: "subject_key", "purpose")
            .create()
        try await database.schema(MediaAssetRecord.schema)
            .id()
            .field("upload_id", .uuid, .required, .references(UploadRecord.schema, "id"))
            .field("title", .string, .required)
            .field("width", .int, .required)
            .field("height", .int, .required)
            .field("alt", .string, .required)
            .field("focal_x", .double, .required)
            .field("focal_y", .double, .required)
            .field("tags", .string, .required)
            .field("search_key", .string, .required)
            .field("face_boxes", .string, .required)
            .field("faces_detected_at", .datetime)
            .field("review_state", .string, .required)
            .field("reviewed_by", .uuid)
            .field("reviewed_at", .datetime)
            .field("revision", .int, .required)
            .field("preview_key", .string)
            .field("created_by", .uuid, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "upload_id")
            .create()
        try await database.schema(MediaAssetPersonRecord.schema)
            .id()
            .field("asset_id", .uuid, .required, .references(MediaAssetRecord.schema, "id", onDelete: .cascade))
            .field("consent_id", .uuid, .required, .references(ConsentRecord.schema, "id"))
            .unique(on: "asset_id", "consent_id")
            .create()
        try await database.schema(MediaRenditionRecord.schema)
            .id()
            .field("asset_id", .uuid, .required, .references(MediaAssetRecord.schema, "id", onDelete: .cascade))
            .field("asset_revision", .int, .required)
            .field("shape", .string, .required)
            .field("format", .string, .required)
            .field("target_width", .int, .required)
            .field("width", .int, .required)
            .field("height", .int, .required)
            .field("covered", .bool, .required)
            .field("name", .string, .required)
            .field("storage_key", .string, .required)
            .field("byte_count", .int64, .required)
            .field("created_at", .datetime, .required)
            .field("withdrawn_at", .datetime)
            .unique(on: "name")
            .create()
        try await database.schema(MediaUsageRecord.schema)
            .id()
            .field("asset_id", .uuid, .required, .references(MediaAssetRecord.schema, "id"))
            .field("user_type", .string, .required)
            .field("user_id", .string, .required)
            .field("label", .string, .required)
            .field("path", .string)
            .field("locale", .string)
            .unique(on: "asset_id", "user_type", "user_id")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX media_asset_people_consent ON media_asset_people (consent_id)").run()
        try await sql.raw("CREATE INDEX media_renditions_asset ON media_renditions (asset_id, withdrawn_at)").run()
        try await sql.raw("CREATE INDEX media_assets_created ON media_assets (created_at)").run()
    }

    public func revert(on database: any Database) async throws {
        for schema in [MediaUsageRecord.schema, MediaRenditionRecord.schema, MediaAssetPersonRecord.schema, MediaAssetRecord.schema, ConsentRecord.schema] {
            try await database.schema(schema).delete()
        }
    }
}
