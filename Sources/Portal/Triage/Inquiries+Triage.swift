import Accounts
import Audit
import Core
import FluentKit
import Foundation
import Jobs
import Mail
import SQLKit

/// What a coordinator does to an inquiry.
public enum TriageAction: Sendable, Equatable {
    /// To the patient, in their language: stored sealed, read in the portal; the mail only says there is one.
    case reply(String)
    /// Among staff only.
    case note(String)
    case assign(surgeonID: UUID)
    case markSpam
    /// It repeats the inquiry with this reference.
    case markDuplicate(of: String)
    case close
    case reopen

    var name: String {
        switch self {
        case .reply: "reply"
        case .note: "note"
        case .assign: "assign"
        case .markSpam: "spam"
        case .markDuplicate: "duplicate"
        case .close: "close"
        case .reopen: "reopen"
        }
    }
}

/// Someone else changed the inquiry since the page was loaded: who did what, and when.
public struct TriageConflict: DomainError, Equatable {
    public let actorName: String
    /// The `TriageAction` name (or `convert`, `link`) of their change.
    public let action: String
    public let at: Date

    public var kind: ErrorKind { .conflict }
    public var messageKey: String { msgid("Someone else changed this inquiry while you were working on it. Check it as it is now, then try again.") }
}

extension Inquiries {
    static let longestMessage = 10_000

    /// Does `action` to the inquiry if it is still at `expectedVersion` (the version the
    /// coordinator's page showed); otherwise `TriageConflict` says who changed it. Authorised
    /// (a write on the inquiry) and audited, naming the patient when known.
    @discardableResult
    public func act(_ action: TriageAction, on id: UUID, expectedVersion: Int, by actor: AccessActor, emergencyReason: String? = nil,
                    origin: AuditOrigin, on database: any Database, now: Date = Date()) async throws -> InquiryRecord {
        guard let record = try await InquiryRecord.find(id, on: database) else { throw InquiryError.notFound }
        try await accounts.authorize(actor, .write, record.accessResource, emergencyReason: emergencyReason, origin: origin, on: database)
        guard case .user(let actorID, _, _) = actor else { throw AccessDenied(reason: "not-signed-in") }
        var detail: [String: JSONValue] = ["region": .string(record.region)]
        var status = record.status
        var surgeonID = record.surgeonID
        var duplicateOf = record.duplicateOf
        var answeredAt = record.answeredAt
        switch action {
        case .reply(let body), .note(let body):
            let body = InquiryForm.clean(body, keepingLines: true)
            guard (1...Self.longestMessage).contains(body.count) else {
                throw InquiryError.invalid(ValidationFailure(["body": msgid("Write a message of at most 10,000 characters.")]))
            }
            if case .reply = action {
                answeredAt = now
                if status == .new { status = .answered }
            }
        case .assign(let surgeon):
            guard try await accounts.surgeons(on: database).contains(where: { $0.id == surgeon }) else {
                throw InquiryError.invalid(ValidationFailure(["surgeon": msgid("Choose one of the clinic's surgeons.")]))
            }
            surgeonID = surgeon
            if status == .new || status == .answered { status = .assigned }
            detail["surgeon"] = .string(surgeon.uuidString.lowercased())
        case .markSpam:
            status = .spam
        case .markDuplicate(let reference):
            let reference = reference.trimmingCharacters(in: .whitespaces).uppercased()
            guard let original = try await InquiryRecord.query(on: database).filter(\.$reference == reference).first(), original.id != id else {
                throw InquiryError.invalid(ValidationFailure(["duplicate_of": msgid("Enter the reference of the inquiry this one repeats, like HC-7K3M9Q2A.")]))
            }
            duplicateOf = original.id
            status = .duplicate
            detail["duplicate_of"] = .string(original.id?.uuidString.lowercased() ?? "")
        case .close:
            status = .closed
        case .reopen:
            status = record.answeredAt == nil ? .new : .answered
        }
        guard record.status != .converted else {
            throw InquiryError.invalid(ValidationFailure(["status": msgid("This inquiry is already a case: continue in the case.")]))
        }
        let settled = (status: status, surgeonID: surgeonID, duplicateOf: duplicateOf, answeredAt: answeredAt)
        let noted = detail
        let claimToken = action.isReply && record.patientID == nil ? SecureToken.generate() : nil
        return try await database.writeTransaction { tx in
            let changed = try await tx.raw("""
                UPDATE inquiries SET status = \(bind: settled.status.rawValue), is_open = \(bind: QueueFilter.open.contains(settled.status)),
                    surgeon_id = \(bind: settled.surgeonID),
                    duplicate_of = \(bind: settled.duplicateOf), answered_at = \(bind: settled.answeredAt),
                    version = version + 1, last_action = \(bind: action.name), last_actor_id = \(bind: actorID),
                    last_action_at = \(bind: now), updated_at = \(bind: now)
                WHERE id = \(bind: id) AND version = \(bind: expectedVersion) RETURNING id
                """).all()
            guard !changed.isEmpty else { throw try await conflict(id, on: tx) }
            var detail = noted
            switch action {
            case .reply(let body), .note(let body):
                let message = try await addMessage(InquiryForm.clean(body, keepingLines: true), kind: action.isReply ? .reply : .note,
                                                   to: record, by: actorID, on: tx, now: now)
                detail["message"] = .string(message.uuidString.lowercased())
                if action.isReply {
                    if let claimToken {
                        try await tx.raw("""
                            UPDATE inquiries SET claim_token_hash = \(bind: SecureToken.hash(claimToken)),
                                claim_expires_at = \(bind: now.addingTimeInterval(Self.claimLifetime)) WHERE id = \(bind: id)
                            """).run()
                    }
                    try await sendReplyNotice(record, claimToken: claimToken, on: tx)
                }
            default:
                break
            }
            try await audit.append(AuditEvent(
                actor: actor.auditActor, action: "inquiry.\(action.name)", resource: Self.resource(record), origin: origin,
                detail: detail, subject: record.patientID.map(AuditSubject.patient)
            ), on: tx, at: now)
            guard let updated = try await InquiryRecord.find(id, on: tx) else { throw InquiryError.notFound }
            return updated
        }
    }

    /// The change that won the race, for the coordinator who lost it.
    func conflict(_ id: UUID, on database: any Database) async throws -> any Error {
        guard let current = try await InquiryRecord.find(id, on: database) else { return InquiryError.notFound }
        var name = ""
        if let actorID = current.lastActorID, let user = try await UserRecord.find(actorID, on: database) {
            name = [user.firstName, user.lastName].filter { !$0.isEmpty }.joined(separator: " ")
        }
        return TriageConflict(actorName: name, action: current.lastAction ?? "", at: current.lastActionAt ?? current.updatedAt)
    }

    func addMessage(_ body: String, kind: MessageKind, to record: InquiryRecord, by authorID: UUID?, formKey: String? = nil,
                    on tx: any Database, now: Date) async throws -> UUID {
        let message = MessageRecord()
        let id = UUID()
        message.id = id
        message.threadType = "inquiry"
        message.threadID = try record.requireID()
        message.kind = kind
        message.authorID = authorID
        message.bodySealed = try encryption.seal(body, context: "message:\(id.uuidString.lowercased())")
        message.language = kind == .note ? "" : record.language
        message.createdAt = now
        message.formKey = formKey
        try await message.create(on: tx)
        return id
    }

    /// A message of a thread, opened.
    public struct Message: Sendable {
        public let id: UUID
        public let kind: MessageKind
        public let authorID: UUID?
        public let body: String
        public let createdAt: Date
    }

    /// The thread of an inquiry `actor` opened (`open` authorised and audited it, emergency
    /// access included): staff read everything, the patient the replies and their own messages.
    public func thread(of opened: Opened, by actor: AccessActor, on database: any Database) async throws -> [Message] {
        let id = try opened.details.record.requireID()
        var kinds = MessageKind.allCases
        if case .user(_, .patient, _) = actor { kinds = [.reply, .patient] }
        let messages = try await MessageRecord.query(on: database).filter(\.$threadType == "inquiry").filter(\.$threadID == id)
            .filter(\.$kind ~~ kinds).sort(\.$createdAt).all()
        return try messages.map { message in
            let messageID = try message.requireID()
            return Message(id: messageID, kind: message.kind, authorID: message.authorID,
                           body: try encryption.openString(message.bodySealed, context: "message:\(messageID.uuidString.lowercased())"),
                           createdAt: message.createdAt)
        }
    }

    /// Other inquiries with the same address or phone number (by their blind indexes) that
    /// `actor` may see, the newest first.
    public func possibleDuplicates(of details: InquiryDetails, by actor: AccessActor, on database: any Database) async throws -> [InquiryRecord] {
        let phoneIndexes = details.phone.map { blindIndex.candidates(.phone, $0) } ?? []
        let regions = try await accounts.inquiryRegions(of: actor, on: database)
        let emailIndexes = blindIndex.candidates(.email, EmailNormalization.normalize(details.email))
        let query = InquiryRecord.query(on: database).filter(\.$id != (try details.record.requireID()))
        if phoneIndexes.isEmpty {
            query.filter(\.$emailIndex ~~ emailIndexes)
        } else {
            query.group(.or) { $0.filter(\.$emailIndex ~~ emailIndexes).filter(\.$phoneIndex ~~ phoneIndexes) }
        }
        if let regions { query.filter(\.$region ~~ Array(regions)) }
        return try await query.sort(\.$createdAt, .descending).limit(20).all()
    }
}

extension TriageAction {
    var isReply: Bool {
        if case .reply = self { true } else { false }
    }
}
