import FluentKit
import Foundation

/// A patient's case: what an inquiry becomes once the clinic takes it on. Its documents,
/// messages and timeline come in a later issue; here it exists, has a surgeon, and decides
/// who may open the patient's record.
public final class CaseRecord: Model, @unchecked Sendable {
    public static let schema = "cases"

    @ID(key: .id) public var id: UUID?
    /// The inquiry's reference, so patient and staff keep quoting one.
    @Field(key: "reference") public var reference: String
    @Field(key: "patient_id") public var patientID: UUID
    @OptionalField(key: "inquiry_id") public var inquiryID: UUID?
    @OptionalField(key: "surgeon_id") public var surgeonID: UUID?
    /// The grant that opens the patient's record to the surgeon; reassigning moves it.
    @OptionalField(key: "surgeon_grant_id") public var surgeonGrantID: UUID?
    /// The inquiry's region: coordinators of that region follow the case.
    @Field(key: "region") public var region: String
    @Field(key: "method") public var method: TreatmentMethod
    @Field(key: "status") public var status: CaseStatus
    @Field(key: "version") public var version: Int
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}
}

public enum CaseStatus: String, Codable, Sendable, CaseIterable {
    /// Being planned: assessment, estimate, dates.
    case planning
    case treatment
    case followUp = "follow-up"
    case closed
}
