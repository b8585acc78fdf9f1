import Audit
import Core
import FluentKit
import Foundation

extension Accounts {
    /// Changes the password of the signed-in account after re-authentication: the current password,
    /// and a code when two-step sign-in is on. Wrong ones count towards lockout like at sign-in.
    /// With `endOtherSessions`, every other session and API sign-in ends. Returns how many ended.
    @discardableResult
    public func changePassword(for signedIn: SignedIn, current: String, code: String?, newPassword: String, endOtherSessions: Bool,
                               origin: AuditOrigin, on database: any Database, now: Date = Date()) async throws -> Int {
        let user = signedIn.user
        try await reauthenticate(signedIn, password: current, code: code, origin: origin, on: database, now: now)
        if let problem = passwordProblem(newPassword, email: user.email) {
            throw AccountError.invalid(ValidationFailure(["password": problem]))
        }
        let newHash = try await hashing.hash(newPassword)
        return try await database.writeTransaction { tx in
            user.passwordHash = newHash
            user.passwordChangedAt = now
            user.updatedAt = now
            try await user.save(on: tx)
            try await discardPendingTOTP(of: signedIn.userID, on: tx)
            var ended = 0
            if endOtherSessions {
                ended = try await endOtherSignIns(signedIn, reason: .passwordChanged, on: tx, now: now)
            }
            try await audit.append(AuditEvent(actor: signedIn.actor, action: "account.password_change", resource: user.auditResource,
                                              origin: origin, detail: ["sessions_ended": .int(Int64(ended))]), on: tx)
            return ended
        }
    }
}
