import Accounts
import Audit
import Core
import FluentKit
import Foundation
import SQLKit

extension CaseRecord {
    public var accessResource: AccessResource {
        .patientCase(id: id ?? UUID(), patientID: patientID, region: region)
    }
}

extension Inquiries {
    /// Turns an inquiry with an assigned surgeon into the patient's case, in one transaction:
    /// the case, the grant that opens the patient's record to the surgeon, the inquiry's files
    /// into the patient's record, and, for a patient with no account yet, the account and its
    /// invitation to the portal (an address that has an account gets the case in it).
    public func convert(_ id: UUID, expectedVersion: Int, by actor: AccessActor, emergencyReason: String? = nil, origin: AuditOrigin,
                        on database: any Database, now: Date = Date()) async throws -> CaseRecord {
        guard let record = try await InquiryRecord.find(id, on: database) else { throw InquiryError.notFound }
        try await accounts.authorize(actor, .write, record.accessResource, emergencyReason: emergencyReason, origin: origin, on: database)
        guard case .user(let actorID, _, _) = actor else { throw AccessDenied(reason: "not-signed-in") }
        guard record.status != .converted else {
            throw InquiryError.invalid(ValidationFailure(["status": msgid("This inquiry is already a case: continue in the case.")]))
        }
        guard let surgeonID = record.surgeonID else {
            throw InquiryError.invalid(ValidationFailure(["surgeon": msgid("Assign a surgeon before opening a case.")]))
        }
        let details = try details(of: record)
        var patient: UserRecord?
        if let patientID = record.patientID { patient = try await UserRecord.find(patientID, on: database) }
        if patient == nil, let existing = try await accounts.user(withEmail: details.email, on: database) {
            guard existing.accountRole == .patient else {
                throw InquiryError.invalid(ValidationFailure(["status": msgid("The inquiry's address belongs to a staff account: a case needs the patient's own address.")]))
            }
            patient = existing
        }
        // Hashed before the transaction: an invited patient's unknowable first password.
        var invitation: Accounts.PreparedInvitation?
        if patient == nil {
            let words = details.name.split(whereSeparator: \.isWhitespace).map(String.init)
            invitation = try await accounts.prepareInvitation(
                email: details.email, firstName: String((words.first ?? details.name).prefix(100)),
                lastName: String(words.dropFirst().joined(separator: " ").prefix(100)), role: .patient,
                locale: SiteLocale(rawValue: record.language) ?? .fallback, timeZone: record.timeZone, now: now)
        }
        let known = patient
        let prepared = invitation
        return try await database.writeTransaction { tx in
            var patient = known
            if patient == nil, let prepared {
                patient = try await accounts.insertInvitation(prepared, by: actor.auditActor, origin: origin, on: tx, now: now)
            }
            guard let patient else { throw InquiryError.notFound }
            let patientID = try patient.requireID()
            let changed = try await tx.raw("""
                UPDATE inquiries SET status = 'converted', is_open = \(bind: false), patient_id = \(bind: patientID), claim_token_hash = NULL, claim_expires_at = NULL,
                    version = version + 1, last_action = 'convert', last_actor_id = \(bind: actorID), last_action_at = \(bind: now),
                    updated_at = \(bind: now)
                WHERE id = \(bind: id) AND version = \(bind: expectedVersion) RETURNING id
                """).all()
            guard !changed.isEmpty else { throw try await conflict(id, on: tx) }
            let patientCase = CaseRecord()
            let caseID = UUID()
            patientCase.id = caseID
            patientCase.reference = record.reference
            patientCase.patientID = patientID
            patientCase.inquiryID = id
            patientCase.surgeonID = surgeonID
            patientCase.region = record.region
            patientCase.method = record.method
            patientCase.status = .planning
            patientCase.version = 1
            patientCase.createdAt = now
            patientCase.updatedAt = now
            patientCase.surgeonGrantID = try await accounts.grantCaseSurgeon(surgeonID, case: patientCase.accessResource, by: actor,
                                                                             origin: origin, on: tx, now: now)
            try await patientCase.create(on: tx)
            try await uploads.setOwner(patientID, ofAttached: "inquiry", id: id.uuidString.lowercased(), on: tx)
            try await audit.append(AuditEvent(
                actor: actor.auditActor, action: "case.create", resource: AuditResource(type: "case", id: caseID.uuidString.lowercased()),
                origin: origin, detail: ["inquiry": .string(id.uuidString.lowercased()), "surgeon": .string(surgeonID.uuidString.lowercased()),
                                         "region": .string(record.region), "invited": .bool(prepared != nil)],
                subject: .patient(patientID)
            ), on: tx, at: now)
            return patientCase
        }
    }

    /// Gives the case another surgeon: the grant moves with it (the old one ends), audited.
    @discardableResult
    public func reassign(_ caseID: UUID, to surgeonID: UUID, expectedVersion: Int, by actor: AccessActor, emergencyReason: String? = nil,
                         origin: AuditOrigin, on database: any Database, now: Date = Date()) async throws -> CaseRecord {
        guard let patientCase = try await CaseRecord.find(caseID, on: database) else { throw InquiryError.notFound }
        try await accounts.authorize(actor, .write, patientCase.accessResource, emergencyReason: emergencyReason, origin: origin, on: database)
        guard try await accounts.surgeons(on: database).contains(where: { $0.id == surgeonID }) else {
            throw InquiryError.invalid(ValidationFailure(["surgeon": msgid("Choose one of the clinic's surgeons.")]))
        }
        return try await database.writeTransaction { tx in
            let newGrant = try await accounts.grantCaseSurgeon(surgeonID, case: patientCase.accessResource, by: actor, origin: origin, on: tx, now: now)
            let changed = try await tx.raw("""
                UPDATE cases SET surgeon_id = \(bind: surgeonID), surgeon_grant_id = \(bind: newGrant), version = version + 1,
                    updated_at = \(bind: now)
                WHERE id = \(bind: caseID) AND version = \(bind: expectedVersion) RETURNING id
                """).all()
            guard !changed.isEmpty else {
                throw TriageConflict(actorName: "", action: "reassign", at: (try await CaseRecord.find(caseID, on: tx))?.updatedAt ?? now)
            }
            if let old = patientCase.surgeonGrantID {
                try await accounts.revokeCaseGrant(old, case: patientCase.accessResource, by: actor, origin: origin, on: tx, now: now)
            }
            try await audit.append(AuditEvent(
                actor: actor.auditActor, action: "case.reassign", resource: AuditResource(type: "case", id: caseID.uuidString.lowercased()),
                origin: origin, detail: ["from": .string(patientCase.surgeonID?.uuidString.lowercased() ?? ""), "to": .string(surgeonID.uuidString.lowercased())],
                subject: .patient(patientCase.patientID)
            ), on: tx, at: now)
            guard let updated = try await CaseRecord.find(caseID, on: tx) else { throw InquiryError.notFound }
            return updated
        }
    }

    /// One case, after `authorize` (audited).
    public func openCase(_ id: UUID, by actor: AccessActor, emergencyReason: String? = nil, origin: AuditOrigin,
                         on database: any Database) async throws -> CaseRecord {
        guard let patientCase = try await CaseRecord.find(id, on: database) else {
            try await accounts.authorize(actor, .read, .patientCase(id: id, patientID: UUID(), region: ""), origin: origin, on: database)
            throw InquiryError.notFound
        }
        try await accounts.authorize(actor, .read, patientCase.accessResource, emergencyReason: emergencyReason, origin: origin, on: database)
        return patientCase
    }

    /// The cases `actor` follows: a patient their own, a surgeon those assigned to them, a
    /// coordinator their regions'. Admins follow none (they open one only with a reason).
    public func cases(for actor: AccessActor, on database: any Database) async throws -> [CaseRecord] {
        guard case .user(let userID, let role, let secondFactor) = actor else { return [] }
        let query = CaseRecord.query(on: database)
        switch role {
        case .patient:
            query.filter(\.$patientID == userID)
        case .surgeon where secondFactor:
            query.filter(\.$surgeonID == userID)
        case .coordinator where secondFactor:
            if let regions = try await accounts.inquiryRegions(of: actor, on: database) { query.filter(\.$region ~~ Array(regions)) }
        default:
            return []
        }
        return try await query.sort(\.$createdAt, .descending).limit(200).all()
    }
}
