import FluentKit
import Foundation

/// A PNG of a DICOM series' first image, made from an upload once it is clean. Served, like the
/// upload itself, only through a short signed link issued after `authorize` on its record.
public final class UploadPreviewRecord: Model, @unchecked Sendable {
    public static let schema = "upload_previews"

    @ID(key: .id) public var id: UUID?
    @Field(key: "upload_id") public var uploadID: UUID
    @Field(key: "storage_key") public var storageKey: String
    /// The series' place in the study, for ordering (0 for a single file).
    @Field(key: "position") public var position: Int
    @OptionalField(key: "modality") public var modality: String?
    @OptionalField(key: "series_description") public var seriesDescription: String?
    /// How many images the series holds.
    @Field(key: "image_count") public var imageCount: Int
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}
