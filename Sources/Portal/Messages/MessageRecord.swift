import FluentKit
import Foundation

/// One message of a thread: the replies and notes of an inquiry now, the case's conversation
/// later. The body is sealed with field encryption, bound to its row.
public final class MessageRecord: Model, @unchecked Sendable {
    public static let schema = "messages"

    @ID(key: .id) public var id: UUID?
    /// What the thread belongs to: `inquiry` (and `case` later).
    @Field(key: "thread_type") public var threadType: String
    @Field(key: "thread_id") public var threadID: UUID
    @Field(key: "kind") public var kind: MessageKind
    /// Who wrote it; nil once their account is gone.
    @OptionalField(key: "author_id") public var authorID: UUID?
    @Field(key: "body_sealed") public var bodySealed: String
    /// The language it is written in (a reply is in the patient's).
    @Field(key: "language") public var language: String
    @Field(key: "created_at") public var createdAt: Date
    /// The form instance a patient's message was sent from, so a double press stores it once.
    @OptionalField(key: "form_key") public var formKey: String?

    public init() {}
}

/// Who a message is for.
public enum MessageKind: String, Codable, Sendable, CaseIterable {
    /// From the clinic to the patient.
    case reply
    /// Among staff only: the patient never sees it.
    case note
    /// From the patient to the clinic.
    case patient
}
