import Audit
import Core
import FluentKit
import Foundation

extension Accounts {
    /// Opens a patient's record to the surgeon of their case, in the caller's transaction: the
    /// coordinator converting an inquiry or reassigning a case, after `authorize` on the case
    /// (checked again here). Returns the grant, which the case keeps so reassigning can end it.
    public func grantCaseSurgeon(_ surgeonID: UUID, case resource: AccessResource, by actor: AccessActor, origin: AuditOrigin,
                                 on tx: any Database, now: Date = Date()) async throws -> UUID {
        guard case .patientCase(let caseID, let patientID, _) = resource else { throw AccessDenied(reason: "not-a-case") }
        try await authorize(actor, .write, resource, origin: origin, on: tx, now: now)
        guard let surgeon = try await UserRecord.find(surgeonID, on: tx), surgeon.accountRole == .surgeon, surgeon.disabledAt == nil else {
            throw AccountError.notFound
        }
        let grant = AccessGrantRecord()
        grant.id = UUID()
        grant.userID = surgeonID
        grant.scope = GrantScope.patient.rawValue
        grant.target = patientID.uuidString.lowercased()
        if case .user(let id, _, _) = actor { grant.grantedBy = id }
        grant.createdAt = now
        try await grant.create(on: tx)
        try await audit.append(AuditEvent(
            actor: actor.auditActor, action: "grant.create", resource: AuditResource(type: "user", id: surgeonID.uuidString.lowercased()),
            origin: origin, detail: ["scope": .string(grant.scope), "target": .string(grant.target), "case": .string(caseID.uuidString.lowercased())],
            subject: .patient(patientID)
        ), on: tx, at: now)
        return try grant.requireID()
    }

    /// Ends the grant a case gave its surgeon (the case moves to another), in the caller's transaction.
    public func revokeCaseGrant(_ grantID: UUID, case resource: AccessResource, by actor: AccessActor, origin: AuditOrigin,
                                on tx: any Database, now: Date = Date()) async throws {
        guard case .patientCase(let caseID, let patientID, _) = resource else { throw AccessDenied(reason: "not-a-case") }
        try await authorize(actor, .write, resource, origin: origin, on: tx, now: now)
        guard let grant = try await AccessGrantRecord.find(grantID, on: tx), grant.revokedAt == nil,
              grant.target == patientID.uuidString.lowercased() else { return }
        grant.revokedAt = now
        try await grant.save(on: tx)
        try await audit.append(AuditEvent(
            actor: actor.auditActor, action: "grant.revoke", resource: AuditResource(type: "user", id: grant.userID.uuidString.lowercased()),
            origin: origin, detail: ["scope": .string(grant.scope), "target": .string(grant.target), "case": .string(caseID.uuidString.lowercased())],
            subject: .patient(patientID)
        ), on: tx, at: now)
    }

    /// Where a coordinator's inquiry grants reach: nil for every region, else the region codes
    /// (empty for none). The queue filters by it; each inquiry opened is still authorised.
    public func inquiryRegions(of actor: AccessActor, on database: any Database) async throws -> Set<String>? {
        guard case .user(let userID, .coordinator, true) = actor else { return [] }
        let grants = try await AccessGrantRecord.query(on: database).filter(\.$userID == userID)
            .filter(\.$scope == GrantScope.inquiries.rawValue).filter(\.$revokedAt == nil).all()
        if grants.contains(where: { $0.target == "*" }) { return nil }
        return Set(grants.map(\.target))
    }

    /// The active surgeons, by name: whom an inquiry can be assigned to.
    public func surgeons(on database: any Database) async throws -> [UserRecord] {
        try await UserRecord.query(on: database).filter(\.$role == AccountRole.surgeon.rawValue).filter(\.$disabledAt == nil)
            .sort(\.$nameKey).all()
    }
}
