import Audit
import Core
import FluentKit
import Foundation

extension Accounts {
    /// The one policy: may `actor` do `action` to `resource`? Every read or write of protected
    /// data calls this first. Decisions on patient data are all audited; elsewhere refusals are.
    /// Throws `AccessDenied` when the answer is no.
    ///
    /// - Parameter emergencyReason: why a member of staff without a grant must open a patient's
    ///   record now. With a second factor, a surgeon, coordinator or admin then gets an hour's
    ///   access to that record; the reason goes into the audit event and every admin is mailed.
    ///   Without a reason the answer stays no. Editors and patients never.
    public func authorize(_ actor: AccessActor, _ action: AccessAction, _ resource: AccessResource, emergencyReason: String? = nil,
                          origin: AuditOrigin = .none, on database: any Database, now: Date = Date()) async throws {
        var decision = try await decide(actor, action, resource, on: database, now: now)
        if !decision.isAllowed, let emergencyReason {
            if try await openInEmergency(actor, action, resource, reason: emergencyReason, origin: origin, on: database, now: now) {
                decision = .allowed
            }
        }
        if resource.isPatientData || !decision.isAllowed {
            var detail: [String: JSONValue] = ["action": .string(action.rawValue)]
            if case .inquiry(let id, let region, _, _) = resource, id != nil { detail["region"] = .string(region) }
            if case .denied(let reason) = decision { detail["reason"] = .string(reason) }
            try await audit.append(AuditEvent(
                actor: actor.auditActor, action: decision.isAllowed ? "access.allowed" : "access.denied",
                resource: AuditResource(type: resource.kind, id: resource.id),
                outcome: decision.isAllowed ? .success : .denied, origin: origin, detail: detail, subject: resource.subject
            ), on: database)
        }
        if case .denied(let reason) = decision { throw AccessDenied(reason: reason) }
    }

    /// The decision alone, without audit: for showing or hiding a button.
    public func decide(_ actor: AccessActor, _ action: AccessAction, _ resource: AccessResource,
                       on database: any Database, now: Date = Date()) async throws -> AccessDecision {
        // The published site is for everyone.
        if resource == .content(.live) && action == .read { return .allowed }
        guard case .user(let userID, let role, let secondFactor) = actor else {
            return .denied(reason: "not-signed-in")
        }
        if role.isStaff && !secondFactor && (resource.isPatientData || resource.isContent || resource == .grants || resource == .auditTrail
                                             || resource == .accountDirectory || resource.isSomeoneElsesAccount(userID)) {
            return .denied(reason: "second-factor-required")
        }
        switch resource {
        case .patientRecord(let patientID):
            if role == .patient {
                // Patients read their record and add to it (documents, messages); deleting is the clinic's call.
                return patientID == userID && action != .delete ? .allowed : .denied(reason: "not-own-record")
            }
            if action == .delete || !role.mayTakeEmergencyAccess { return .denied(reason: "role") }
            if try await hasEmergencyAccess(userID, patientID, on: database, now: now) { return .allowed }
            // Admins see a record only under emergency access, with a reason.
            guard role == .surgeon || role == .coordinator else { return .denied(reason: "role") }
            return try await hasGrant(userID, .patient, patientID.uuidString.lowercased(), on: database)
                ? .allowed : .denied(reason: "no-grant")
        case .inquiry(_, let region, let patientID, let surgeonID):
            if role == .patient {
                return patientID == userID && action == .read ? .allowed : .denied(reason: "not-own-inquiry")
            }
            // The surgeon it is assigned to reads it; triage stays with the coordinators.
            if role == .surgeon, let surgeonID, surgeonID == userID, action == .read { return .allowed }
            if role.mayTakeEmergencyAccess, action != .delete, let patientID,
               try await hasEmergencyAccess(userID, patientID, on: database, now: now) { return .allowed }
            guard role == .coordinator, action != .delete else { return .denied(reason: "role") }
            let regional = try await hasGrant(userID, .inquiries, region.uppercased(), on: database)
            let all = try await hasGrant(userID, .inquiries, "*", on: database)
            return regional || all ? .allowed : .denied(reason: "no-grant")
        case .patientCase(_, let patientID, let region):
            if role == .patient {
                return patientID == userID && action != .delete ? .allowed : .denied(reason: "not-own-record")
            }
            if action == .delete || !role.mayTakeEmergencyAccess { return .denied(reason: "role") }
            if try await hasEmergencyAccess(userID, patientID, on: database, now: now) { return .allowed }
            let patientGrant = try await hasGrant(userID, .patient, patientID.uuidString.lowercased(), on: database)
            switch role {
            case .surgeon:
                return patientGrant ? .allowed : .denied(reason: "no-grant")
            case .coordinator:
                let regional = try await hasGrant(userID, .inquiries, region.uppercased(), on: database)
                let all = try await hasGrant(userID, .inquiries, "*", on: database)
                return regional || all || patientGrant ? .allowed : .denied(reason: "no-grant")
            default:
                // Admins open a case only under emergency access, with a reason.
                return .denied(reason: "role")
            }
        case .content(let scope):
            switch (scope, action) {
            case (.medicalReview, .write):
                return role == .surgeon ? .allowed : .denied(reason: "role")
            // A review is a record of what a surgeon checked: it is superseded, never deleted.
            case (.medicalReview, .delete):
                return .denied(reason: "role")
            // Surgeons read drafts and reviews to review them; they change neither.
            case (.drafts, .read), (.medicalReview, .read):
                return [.editor, .admin, .surgeon].contains(role) ? .allowed : .denied(reason: "role")
            default:
                return role == .editor || role == .admin ? .allowed : .denied(reason: "role")
            }
        case .account(let accountID):
            if accountID == userID { return action == .delete ? .denied(reason: "role") : .allowed }
            return role == .admin ? .allowed : .denied(reason: "role")
        case .grants, .accountDirectory:
            return role == .admin ? .allowed : .denied(reason: "role")
        case .auditTrail:
            return role == .admin && action == .read ? .allowed : .denied(reason: "role")
        case .upload:
            return role == .admin || role == .coordinator ? .allowed : .denied(reason: "role")
        case .media:
            return [.editor, .coordinator, .admin].contains(role) ? .allowed : .denied(reason: "role")
        }
    }

    /// How long an emergency access lasts.
    public static let emergencyAccessLifetime: TimeInterval = 3600

    func hasEmergencyAccess(_ userID: UUID, _ patientID: UUID, on database: any Database, now: Date) async throws -> Bool {
        try await EmergencyAccessRecord.query(on: database).filter(\.$userID == userID).filter(\.$patientID == patientID)
            .filter(\.$expiresAt > now).count() > 0
    }

    /// Records an hour's emergency access to a patient's record, audits it with the reason and
    /// mails every admin, in one transaction; false when the actor or the reason does not qualify.
    private func openInEmergency(_ actor: AccessActor, _ action: AccessAction, _ resource: AccessResource, reason: String,
                                 origin: AuditOrigin, on database: any Database, now: Date) async throws -> Bool {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard action != .delete, case .user(let userID, let role, let secondFactor) = actor, role.mayTakeEmergencyAccess, secondFactor,
              (10...500).contains(reason.count), let target = resource.emergencyTarget else { return false }
        if let patientID = target {
            guard let patient = try await UserRecord.find(patientID, on: database), patient.accountRole == .patient else { return false }
        }
        try await database.writeTransaction { tx in
            var detail: [String: JSONValue] = ["action": .string(action.rawValue), "reason": .string(reason)]
            // An hour on the patient's whole record; an inquiry no patient is known for opens once.
            if let patientID = target {
                let access = EmergencyAccessRecord()
                access.id = UUID()
                access.userID = userID
                access.patientID = patientID
                access.grantedAt = now
                access.expiresAt = now.addingTimeInterval(Self.emergencyAccessLifetime)
                try await access.create(on: tx)
                detail["until"] = .int(Int64(access.expiresAt.timeIntervalSince1970))
            }
            try await audit.append(AuditEvent(
                actor: actor.auditActor, action: "access.emergency", resource: AuditResource(type: resource.kind, id: resource.id),
                origin: origin, detail: detail, subject: resource.subject
            ), on: tx, at: now)
            let admins = try await UserRecord.query(on: tx).filter(\.$role == AccountRole.admin.rawValue).filter(\.$disabledAt == nil).all()
            for admin in admins { try await sendMail(.emergencyAccess, to: admin, on: tx) }
        }
        return true
    }

    func hasGrant(_ userID: UUID, _ scope: GrantScope, _ target: String, on database: any Database) async throws -> Bool {
        try await AccessGrantRecord.query(on: database)
            .filter(\.$userID == userID).filter(\.$scope == scope.rawValue).filter(\.$target == target)
            .filter(\.$revokedAt == nil).count() > 0
    }

    /// Gives `grantee` access to `target` under `scope`; only an admin (after a second factor) may.
    @discardableResult
    public func grant(_ scope: GrantScope, _ target: String, to grantee: UUID, by actor: AccessActor, origin: AuditOrigin = .none,
                      on database: any Database, now: Date = Date()) async throws -> AccessGrantRecord {
        try await authorize(actor, .write, .grants, origin: origin, on: database)
        let target = scope == .inquiries ? target.uppercased() : target.lowercased()
        return try await database.writeTransaction { tx in
            let record = AccessGrantRecord()
            record.id = UUID()
            record.userID = grantee
            record.scope = scope.rawValue
            record.target = target
            if case .user(let id, _, _) = actor { record.grantedBy = id }
            record.createdAt = now
            try await record.create(on: tx)
            try await audit.append(AuditEvent(
                actor: actor.auditActor, action: "grant.create", resource: AuditResource(type: "user", id: grantee.uuidString.lowercased()),
                origin: origin, detail: ["scope": .string(scope.rawValue), "target": .string(target)]
            ), on: tx)
            return record
        }
    }

    /// Ends a grant; only an admin may.
    public func revokeGrant(_ grantID: UUID, by actor: AccessActor, origin: AuditOrigin = .none,
                            on database: any Database, now: Date = Date()) async throws {
        try await authorize(actor, .write, .grants, origin: origin, on: database)
        try await database.writeTransaction { tx in
            guard let record = try await AccessGrantRecord.find(grantID, on: tx), record.revokedAt == nil else { return }
            record.revokedAt = now
            try await record.save(on: tx)
            try await audit.append(AuditEvent(
                actor: actor.auditActor, action: "grant.revoke", resource: AuditResource(type: "user", id: record.userID.uuidString.lowercased()),
                origin: origin, detail: ["scope": .string(record.scope), "target": .string(record.target)]
            ), on: tx)
        }
    }
}

extension AccessActor {
    public var auditActor: AuditActor {
        switch self {
        case .anonymous: .anonymous
        case .user(let id, _, _): .user(id.uuidString.lowercased())
        }
    }
}

extension AccessResource {
    /// Whose data this is, when it is a patient's: the audit event names them.
    var subject: AuditSubject? {
        switch self {
        case .patientRecord(let id): .patient(id)
        case .inquiry(_, _, let patientID, _): patientID.map(AuditSubject.patient)
        case .patientCase(_, let patientID, _): .patient(patientID)
        default: nil
        }
    }

    /// What emergency access opens for this resource: `.some(patient)` for an hour on that
    /// patient's record, `.some(nil)` for this one look at an inquiry no patient is known for,
    /// nil when emergency access does not apply.
    var emergencyTarget: UUID?? {
        switch self {
        case .patientRecord(let id), .patientCase(_, let id, _): .some(id)
        case .inquiry(let id, _, let patientID, _): id == nil ? nil : .some(patientID)
        default: nil
        }
    }

    func isSomeoneElsesAccount(_ userID: UUID) -> Bool {
        if case .account(let id) = self { return id != userID }
        return false
    }
}

extension AccessResource {
    /// Every staff action on content happens in `/admin`, behind a second factor.
    var isContent: Bool {
        if case .content = self { return true }
        return false
    }
}
