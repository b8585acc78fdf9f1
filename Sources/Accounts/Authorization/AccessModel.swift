import Core
import Foundation

/// Who asks for access.
public enum AccessActor: Sendable, Equatable {
    case anonymous
    /// A signed-in person; `secondFactor` says whether this sign-in passed TOTP or a recovery code.
    case user(id: UUID, role: AccountRole, secondFactor: Bool)
}

/// What they want to do.
public enum AccessAction: String, Sendable, CaseIterable {
    case read
    case write
    case delete
}

/// What they want to do it to.
public enum AccessResource: Sendable, Equatable {
    /// A patient's record: case, documents, messages, appointments, consents.
    case patientRecord(patientID: UUID)
    /// An inquiry from the website, filed under a region (an ISO country code), perhaps from a
    /// known patient, perhaps assigned to a surgeon (`id` nil for the queue of a region).
    case inquiry(id: UUID? = nil, region: String, patientID: UUID?, surgeonID: UUID? = nil)
    /// A patient's case (what an inquiry from `region` became): the patient, the surgeon
    /// granted the patient's record, and the coordinators of the region follow it.
    case patientCase(id: UUID, patientID: UUID, region: String)
    /// Pages, snippets and translations of the public site: what is live (`read` is for
    /// everyone; `write` is publishing), drafts and previews, and medical review.
    case content(ContentScope)
    /// A person's account (name, address, role).
    case account(userID: UUID)
    /// The list of every account, for finding people and inviting staff.
    case accountDirectory
    /// Per-object grants: who may see which patient or region.
    case grants
    /// The audit trail.
    case auditTrail
    /// Uploads as the clinic handles them: what waits in quarantine, was found infected or could
    /// not be scanned, with retry and delete (`id` nil for the list). Their metadata only: opening
    /// a file's contents follows the rule of the record it belongs to.
    case upload(id: UUID?)
    /// The media library: its images (patients' photos among them), the consents of the people in
    /// them and their review, for editors and coordinators; patients never.
    case media

    public var kind: String {
        switch self {
        case .patientRecord: "patient_record"
        case .inquiry: "inquiry"
        case .patientCase: "case"
        case .content: "content"
        case .account: "account"
        case .accountDirectory: "account_directory"
        case .grants: "grants"
        case .auditTrail: "audit_trail"
        case .upload: "upload"
        case .media: "media"
        }
    }

    var id: String? {
        switch self {
        case .patientRecord(let id): id.uuidString.lowercased()
        case .inquiry(let id, let region, _, _): id?.uuidString.lowercased() ?? region
        case .patientCase(let id, _, _): id.uuidString.lowercased()
        case .account(let id): id.uuidString.lowercased()
        case .upload(let id): id?.uuidString.lowercased()
        case .content(let scope): scope.rawValue
        case .grants, .auditTrail, .accountDirectory, .media: nil
        }
    }

    /// Health data: every decision on it is audited, and staff reach it only after a second factor.
    var isPatientData: Bool {
        switch self {
        case .patientRecord, .inquiry, .patientCase, .upload, .media: true
        default: false
        }
    }
}

/// The part of the public site's content a request is about.
public enum ContentScope: String, Sendable, CaseIterable {
    /// What visitors see; writing it is publishing, unpublishing and scheduling.
    case live
    /// Drafts, previews, revisions, locks and translations in progress.
    case drafts
    /// A surgeon's record that a page is medically sound.
    case medicalReview = "medical_review"
}

/// The answer, with the reason recorded in the audit trail.
public enum AccessDecision: Sendable, Equatable {
    case allowed
    case denied(reason: String)

    public var isAllowed: Bool { self == .allowed }
}

/// `authorize` said no. The reason goes to the audit trail, never to the person refused.
public struct AccessDenied: DomainError, Equatable {
    public let reason: String

    public init(reason: String) {
        self.reason = reason
    }

    public var kind: ErrorKind { .forbidden }
    public var messageKey: String { msgid("Your account does not have access to this.") }
}
