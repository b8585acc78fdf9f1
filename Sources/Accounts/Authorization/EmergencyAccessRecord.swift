import FluentKit
import Foundation

/// An hour's access to one patient's record that a member of staff without a grant took by
/// giving a reason (the reason is in the audit event, never here).
public final class EmergencyAccessRecord: Model, @unchecked Sendable {
    public static let schema = "emergency_accesses"

    @ID(key: .id) public var id: UUID?
    @Field(key: "user_id") public var userID: UUID
    @Field(key: "patient_id") public var patientID: UUID
    @Field(key: "granted_at") public var grantedAt: Date
    @Field(key: "expires_at") public var expiresAt: Date

    public init() {}
}
