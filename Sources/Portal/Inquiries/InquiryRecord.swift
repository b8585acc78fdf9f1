import FluentKit
import Foundation

/// One inquiry from the website. What a person wrote about themselves (name, address, phone,
/// guardian, height and goal, message) is sealed with field encryption, bound to this row and
/// column; duplicates are found through the blind indexes of the address and the phone number.
/// Everything a coordinator filters or sorts the queue by is plain and indexed.
public final class InquiryRecord: Model, @unchecked Sendable {
    public static let schema = "inquiries"

    @ID(key: .id) public var id: UUID?
    /// What the patient and staff quote: `HC-` and eight letters and digits.
    @Field(key: "reference") public var reference: String
    @Field(key: "status") public var status: InquiryStatus
    /// Whether the status is one the clinic still has to act on (`QueueFilter.open`): the queue's
    /// usual filter as one equality, so its index gives the rows in waiting order.
    @Field(key: "is_open") public var isOpen: Bool
    /// The language of the site the form was sent from.
    @Field(key: "locale") public var locale: String
    /// The language the patient wants answers in.
    @Field(key: "language") public var language: String
    /// ISO 3166 code of the country the patient lives in; region grants name it.
    @Field(key: "region") public var region: String
    @Field(key: "age") public var age: Int
    @Field(key: "is_minor") public var isMinor: Bool
    @OptionalField(key: "guardian_relationship") public var guardianRelationship: GuardianRelationship?
    @Field(key: "method") public var method: TreatmentMethod
    @Field(key: "whatsapp") public var whatsapp: Bool
    /// The browser's IANA zone when the form was sent, for the patient's local time in the queue.
    @OptionalField(key: "time_zone") public var timeZone: String?
    @Field(key: "name_sealed") public var nameSealed: String
    @Field(key: "email_sealed") public var emailSealed: String
    @OptionalField(key: "phone_sealed") public var phoneSealed: String?
    @OptionalField(key: "guardian_name_sealed") public var guardianNameSealed: String?
    @OptionalField(key: "height_goal_sealed") public var heightGoalSealed: String?
    @OptionalField(key: "message_sealed") public var messageSealed: String?
    @Field(key: "email_index") public var emailIndex: String
    @OptionalField(key: "phone_index") public var phoneIndex: String?
    /// The privacy notice the patient agreed to: its version and the SHA-256 of the text shown.
    @Field(key: "consent_version") public var consentVersion: String
    @Field(key: "consent_sha256") public var consentSHA256: String
    @Field(key: "consented_at") public var consentedAt: Date
    /// A hash of the idempotency key (the form instance, or the API's header), forgotten after a day.
    @OptionalField(key: "idempotency_key") public var idempotencyKey: String?
    /// A hash of what was sent with that key: the same key with another body is refused.
    @Field(key: "request_hash") public var requestHash: String
    /// The form whose uploads came with it, when it came from the website.
    @OptionalField(key: "form_key") public var formKey: String?
    /// The patient's account, once known (signed in when sending, or claimed from the mail).
    @OptionalField(key: "patient_id") public var patientID: UUID?
    @OptionalField(key: "surgeon_id") public var surgeonID: UUID?
    /// The hash of the link in the confirmation mail that ties the inquiry to an account.
    @OptionalField(key: "claim_token_hash") public var claimTokenHash: String?
    @OptionalField(key: "claim_expires_at") public var claimExpiresAt: Date?
    /// Raised by every change, so two coordinators acting at once cannot both win.
    @Field(key: "version") public var version: Int
    /// The last change, so the coordinator who lost a race is told who did what, and when.
    @OptionalField(key: "last_action") public var lastAction: String?
    @OptionalField(key: "last_actor_id") public var lastActorID: UUID?
    @OptionalField(key: "last_action_at") public var lastActionAt: Date?
    /// When staff last answered: the queue's waiting time runs from here, or from sending.
    @OptionalField(key: "answered_at") public var answeredAt: Date?
    /// The inquiry this one repeats, when a coordinator marked it a duplicate.
    @OptionalField(key: "duplicate_of") public var duplicateOf: UUID?
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}
}
