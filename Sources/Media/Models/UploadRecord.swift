import FluentKit
import Foundation

/// Where an upload stands. Only `clean` may ever be served.
public enum UploadState: String, Codable, Sendable, CaseIterable {
    /// Stored, waiting for (or in) its scan.
    case quarantined
    case clean
    case infected
    /// clamd answered but did not scan it: never served; staff may scan it again.
    case unscanned
}

/// One uploaded file: its metadata here, its bytes in object storage under a generated key.
public final class UploadRecord: Model, @unchecked Sendable {
    public static let schema = "uploads"

    @ID(key: .id) public var id: UUID?
    /// The signed-in uploader; nil for a visitor filling in a form.
    @OptionalField(key: "owner_id") public var ownerID: UUID?
    /// The form a visitor's upload belongs to: a hash of its signed token, never the token.
    @OptionalField(key: "form_key") public var formKey: String?
    /// The uploader's network, for the per-network quota.
    @Field(key: "network") public var network: String
    @Field(key: "kind") public var kind: MediaKind
    @Field(key: "byte_count") public var byteCount: Int64
    /// Sanitised for showing; the storage key never derives from it.
    @Field(key: "display_name") public var displayName: String
    @Field(key: "storage_key") public var storageKey: String
    @Field(key: "sha256") public var sha256: String
    @Field(key: "state") public var state: UploadState
    /// The signature clamd found, or why it did not scan.
    @OptionalField(key: "scan_detail") public var scanDetail: String?
    @OptionalField(key: "scanned_at") public var scannedAt: Date?
    /// What the upload became part of (an inquiry, a document), once the form was submitted.
    @OptionalField(key: "attached_type") public var attachedType: String?
    @OptionalField(key: "attached_id") public var attachedID: String?
    @Field(key: "created_at") public var createdAt: Date
    /// A DICOM upload's identifying tags (`DicomTags` as JSON), sealed with field encryption.
    @OptionalField(key: "dicom_tags") public var dicomTags: String?

    public init() {}
}
