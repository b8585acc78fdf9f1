import Accounts
import Audit
import Core
import FluentKit
import Foundation
import Media
import SQLKit

extension Inquiries {
    /// What a patient's post to their inquiry added.
    public struct Written: Sendable {
        /// Nil when only files were sent.
        public let messageID: UUID?
        /// Files filed under the inquiry by this post.
        public let files: Int
        /// True when this form had already been sent: nothing new was stored.
        public let replayed: Bool
    }

    /// The patient writes to the clinic in their inquiry's thread and adds files to it, while
    /// the inquiry is open. `formKey` is the form instance: its uploads are filed under the
    /// inquiry, and the same form sent twice (a double press) stores one message. Adding to an
    /// inquiry is adding to the patient's own record, so that is what `authorize` is asked
    /// (audited); anyone but the inquiry's patient is refused, staff included: they answer
    /// through triage.
    @discardableResult
    public func write(_ body: String, formKey: String, to id: UUID, by actor: AccessActor, origin: AuditOrigin,
                      on database: any Database, now: Date = Date()) async throws -> Written {
        guard let record = try await InquiryRecord.find(id, on: database), let patientID = record.patientID else {
            // An unknown inquiry, or one no account is tied to yet, is nobody's to add to.
            try await accounts.authorize(actor, .write, .inquiry(id: id, region: "", patientID: nil), origin: origin, on: database)
            throw InquiryError.notFound
        }
        guard case .user(let userID, .patient, _) = actor, userID == patientID else {
            try await audit.append(AuditEvent(actor: actor.auditActor, action: "access.denied", resource: Self.resource(record), outcome: .denied,
                                              origin: origin, detail: ["action": "write", "reason": "not-the-patient"],
                                              subject: .patient(patientID)), on: database, at: now)
            throw AccessDenied(reason: "not-the-patient")
        }
        try await accounts.authorize(actor, .write, .patientRecord(patientID: patientID), origin: origin, on: database)
        guard QueueFilter.open.contains(record.status) else {
            throw InquiryError.invalid(ValidationFailure(["body": record.status == .converted
                    ? msgid("Your inquiry has become a case: your care team will write to you there.")
                    : msgid("This inquiry is closed. To ask something new, send a new inquiry.")]))
        }
        let text = InquiryForm.clean(body, keepingLines: true)
        let pending = try await uploads.pending(formKey: formKey, on: database)
        if let earlier = try await MessageRecord.query(on: database).filter(\.$formKey == formKey).first() {
            return Written(messageID: earlier.id, files: 0, replayed: true)
        }
        if pending.isEmpty, try await UploadRecord.query(on: database).filter(\.$formKey == formKey).filter(\.$attachedID == id.uuidString.lowercased()).count() > 0 {
            // Files alone, already filed by the first press.
            return Written(messageID: nil, files: 0, replayed: true)
        }
        guard text.count <= Self.longestMessage else {
            throw InquiryError.invalid(ValidationFailure(["body": msgid("Write a message of at most 10,000 characters.")]))
        }
        guard !text.isEmpty || !pending.isEmpty else {
            throw InquiryError.invalid(ValidationFailure(["body": msgid("Write a message or choose a file to send.")]))
        }
        do {
            return try await database.writeTransaction { tx in
                var messageID: UUID?
                if !text.isEmpty {
                    messageID = try await addMessage(text, kind: .patient, to: record, by: userID, formKey: formKey, on: tx, now: now)
                }
                let files = try await uploads.attach(formKey: formKey, to: "inquiry", id: id.uuidString.lowercased(), owner: patientID, on: tx)
                // The coordinators see that the patient wrote; a reply prepared on the page before it
                // then meets a conflict and is checked against what the patient said.
                try await tx.raw("""
                    UPDATE inquiries SET version = version + 1, last_action = 'patient', last_actor_id = \(bind: userID),
                        last_action_at = \(bind: now), updated_at = \(bind: now) WHERE id = \(bind: id)
                    """).run()
                var detail: [String: JSONValue] = ["files": .int(Int64(files))]
                if let messageID { detail["message"] = .string(messageID.uuidString.lowercased()) }
                try await audit.append(AuditEvent(actor: actor.auditActor, action: "inquiry.patient", resource: Self.resource(record),
                                                  origin: origin, detail: detail, subject: .patient(patientID)), on: tx, at: now)
                return Written(messageID: messageID, files: files, replayed: false)
            }
        } catch {
            // The same form, sent at the same moment from another tab or a double press, won.
            guard (error as? any DatabaseError)?.isConstraintFailure == true,
                  let earlier = try await MessageRecord.query(on: database).filter(\.$formKey == formKey).first() else { throw error }
            return Written(messageID: earlier.id, files: 0, replayed: true)
        }
    }
}
