import Core
import Foundation

/// The sealed columns of an inquiry. Each is bound to its row and column, so a ciphertext copied
/// into another inquiry or another field does not open.
enum SealedField: String {
    case name, email, phone, guardianName = "guardian-name", heightGoal = "height-goal", message
}

extension Inquiries {
    func seal(_ text: String, _ field: SealedField, of id: UUID) throws -> String {
        try encryption.seal(text, context: Self.context(field, id))
    }

    func open(_ sealed: String?, _ field: SealedField, of id: UUID) throws -> String? {
        guard let sealed else { return nil }
        return try encryption.openString(sealed, context: Self.context(field, id))
    }

    static func context(_ field: SealedField, _ id: UUID) -> String {
        "inquiry:\(id.uuidString.lowercased()):\(field.rawValue)"
    }

    /// What the patient wrote, opened. Call only after `authorize` allowed reading the inquiry.
    func details(of record: InquiryRecord) throws -> InquiryDetails {
        let id = try record.requireID()
        return InquiryDetails(
            record: record, name: try open(record.nameSealed, .name, of: id) ?? "", email: try open(record.emailSealed, .email, of: id) ?? "",
            phone: try open(record.phoneSealed, .phone, of: id), guardianName: try open(record.guardianNameSealed, .guardianName, of: id),
            heightGoal: try open(record.heightGoalSealed, .heightGoal, of: id), message: try open(record.messageSealed, .message, of: id))
    }
}

/// An inquiry with what the patient wrote, for those allowed to read it.
public struct InquiryDetails: Sendable {
    public let record: InquiryRecord
    public let name: String
    public let email: String
    public let phone: String?
    public let guardianName: String?
    public let heightGoal: String?
    public let message: String?
}
