import Audit
import Core
import FluentKit
import Foundation

extension Accounts {
    /// The "sign out everywhere else" button: ends every other session and API sign-in of the
    /// account, audited; returns how many ended.
    @discardableResult
    public func signOutEverywhereElse(_ signedIn: SignedIn, origin: AuditOrigin, on database: any Database, now: Date = Date()) async throws -> Int {
        try await database.writeTransaction { tx in
            let ended = try await endOtherSignIns(signedIn, reason: .endedOthers, on: tx, now: now)
            try await audit.append(AuditEvent(actor: signedIn.actor, action: "session.end_others", resource: signedIn.user.auditResource,
                                              origin: origin, detail: ["ended": .int(Int64(ended))]), on: tx)
            return ended
        }
    }

    /// Ends every session and API sign-in of the account but the one asking; returns how many.
    func endOtherSignIns(_ signedIn: SignedIn, reason: SessionEndReason, on database: any Database, now: Date) async throws -> Int {
        try await database.writeTransaction { tx in
            let userID = signedIn.userID
            let sessions = try await sessions.endAll(of: userID, keeping: signedIn.session.id, reason: reason, on: tx, now: now)
            return sessions + (try await revokeAllFamilies(of: userID, reason: reason.rawValue, on: tx, now: now))
        }
    }
}
