import FluentKit
import Foundation

/// Access to particular objects on top of a role: a surgeon to one patient's record, a
/// coordinator to one region's inquiries or to all of them.
public final class AccessGrantRecord: Model, @unchecked Sendable {
    public static let schema = "access_grants"

    @ID(key: .id) public var id: UUID?
    @Field(key: "user_id") public var userID: UUID
    /// `GrantScope.rawValue`.
    @Field(key: "scope") public var scope: String
    /// The patient's user id, the region code, or `*`.
    @Field(key: "target") public var target: String
    @OptionalField(key: "granted_by") public var grantedBy: UUID?
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "revoked_at") public var revokedAt: Date?

    public init() {}
}

/// What a grant opens.
public enum GrantScope: String, Sendable, CaseIterable {
    /// One patient's record (target: the patient's user id).
    case patient
    /// Inquiries of one region (target: ISO country code) or all regions (target `*`).
    case inquiries
}
