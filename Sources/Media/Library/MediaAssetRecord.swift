import FluentKit
import Foundation

/// A face box and who put it there: a detector's guess, or a person's correction.
public struct FaceBox: Codable, Sendable, Equatable {
    public enum Source: String, Codable, Sendable {
        case detected, manual
    }

    public var box: PixelBox
    public var source: Source

    public init(_ box: PixelBox, source: Source) {
        self.box = box
        self.source = source
    }
}

/// Whether a person has looked at an asset's faces and people and allowed its publication.
public enum MediaReviewState: String, Codable, Sendable, CaseIterable {
    case unreviewed, approved
}

/// An image in the media library: a clean upload with what publishing it needs (alt text, focal
/// point, faces, the people in it and their review). Its public renditions follow from these.
public final class MediaAssetRecord: Model, @unchecked Sendable {
    public static let schema = "media_assets"

    @ID(key: .id) public var id: UUID?
    @Field(key: "upload_id") public var uploadID: UUID
    @Field(key: "title") public var title: String
    /// The upright image's size.
    @Field(key: "width") public var width: Int
    @Field(key: "height") public var height: Int
    /// Alt text per locale, as a JSON object; an empty one marks a decorative image.
    @Field(key: "alt") public var storedAlt: String
    /// Fractions of the width and height.
    @Field(key: "focal_x") public var focalX: Double
    @Field(key: "focal_y") public var focalY: Double
    /// As `,before-after,ilizarov,`, so one tag is a LIKE away.
    @Field(key: "tags") public var storedTags: String
    /// Title and tags folded to lower case, for search that ignores case on both engines.
    @Field(key: "search_key") public var searchKey: String
    @Field(key: "face_boxes") public var storedFaceBoxes: String
    @OptionalField(key: "faces_detected_at") public var facesDetectedAt: Date?
    @Field(key: "review_state") public var reviewState: MediaReviewState
    @OptionalField(key: "reviewed_by") public var reviewedBy: UUID?
    @OptionalField(key: "reviewed_at") public var reviewedAt: Date?
    /// Raised by every change that alters a rendition's pixels, so renditions know they are stale.
    @Field(key: "revision") public var revision: Int
    /// A private JPEG of the upright image, without metadata, for staff reviewing it.
    @OptionalField(key: "preview_key") public var previewKey: String?
    @Field(key: "created_by") public var createdBy: UUID
    @Field(key: "created_at") public var createdAt: Date

    public init() {}

    public var alt: [String: String] {
        get { (try? JSONDecoder().decode([String: String].self, from: Data(storedAlt.utf8))) ?? [:] }
        set { storedAlt = String(decoding: (try? JSONEncoder.sorted.encode(newValue)) ?? Data("{}".utf8), as: UTF8.self) }
    }

    func refreshSearchKey() {
        searchKey = (title + " " + storedTags).lowercased()
    }

    public var tags: [String] {
        get { storedTags.split(separator: ",").map(String.init) }
        set { storedTags = newValue.isEmpty ? "" : "," + newValue.joined(separator: ",") + "," }
    }

    public var faceBoxes: [FaceBox] {
        get { (try? JSONDecoder().decode([FaceBox].self, from: Data(storedFaceBoxes.utf8))) ?? [] }
        set { storedFaceBoxes = String(decoding: (try? JSONEncoder.sorted.encode(newValue)) ?? Data("[]".utf8), as: UTF8.self) }
    }
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

/// A person who appears in an asset, through the consent that covers them.
public final class MediaAssetPersonRecord: Model, @unchecked Sendable {
    public static let schema = "media_asset_people"

    @ID(key: .id) public var id: UUID?
    @Field(key: "asset_id") public var assetID: UUID
    @Field(key: "consent_id") public var consentID: UUID

    public init() {}
}

/// Where an asset is used: a page (or a snippet) that shows it, recorded by the CMS as it saves.
/// An asset something uses cannot be deleted.
public final class MediaUsageRecord: Model, @unchecked Sendable {
    public static let schema = "media_usages"

    @ID(key: .id) public var id: UUID?
    @Field(key: "asset_id") public var assetID: UUID
    /// What uses it (`page`, `snippet`) and its id.
    @Field(key: "user_type") public var userType: String
    @Field(key: "user_id") public var userID: String
    /// Its title, for "where used".
    @Field(key: "label") public var label: String
    /// Where staff edit it.
    @OptionalField(key: "path") public var path: String?
    @OptionalField(key: "locale") public var locale: String?

    public init() {}
}
