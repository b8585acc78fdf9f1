import FluentKit
import Foundation

/// How a rendition is cut from its image.
public enum RenditionShape: String, Codable, Sendable, CaseIterable {
    /// The whole image, at its own proportions.
    case original
    /// 16:9 around the focal point, for banners and cards.
    case wide

    /// Height over width, or nil to keep the image's.
    var aspect: Double? {
        switch self {
        case .original: nil
        case .wide: 9.0 / 16.0
        }
    }
}

/// One public rendition: an image at one width, shape and format, stored under a name made of
/// its content's hash. Withdrawn (consent withdrawn, superseded, unapproved), its URL answers 410
/// and its bytes are deleted.
public final class MediaRenditionRecord: Model, @unchecked Sendable {
    public static let schema = "media_renditions"

    @ID(key: .id) public var id: UUID?
    @Field(key: "asset_id") public var assetID: UUID
    /// The asset's revision it was made from.
    @Field(key: "asset_revision") public var assetRevision: Int
    @Field(key: "shape") public var shape: RenditionShape
    @Field(key: "format") public var format: RenditionFormat
    /// The width asked for; `width` × `height` is what it came out as.
    @Field(key: "target_width") public var targetWidth: Int
    @Field(key: "width") public var width: Int
    @Field(key: "height") public var height: Int
    /// Whether the faces in it are covered.
    @Field(key: "covered") public var covered: Bool
    /// `<sha256>.<extension>`: its public URL's last segment.
    @Field(key: "name") public var name: String
    @Field(key: "storage_key") public var storageKey: String
    @Field(key: "byte_count") public var byteCount: Int64
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "withdrawn_at") public var withdrawnAt: Date?

    public init() {}
}
