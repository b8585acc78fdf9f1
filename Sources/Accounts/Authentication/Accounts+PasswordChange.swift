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
            var ended = 0
            if endOtherSessions {
                ended = try await endOtherSignIns(signedIn, reason: .passwordChanged, on: tx, now: now)
            }
            try await audit.append(AuditEvent(actor: signedIn.actor, action: "account.password_change", resource: user.auditResource,
                                              origin: origin, detail: ["sessions_ended": .int(Int64(ended))]), on: tx)
            return ended
        }
    }

    /// Asks the signed-in person to prove it is them before a sensitive change: the current
    /// password, and a code when two-step sign-in is on. Failures count towards lockout.
    func reauthenticate(_ signedIn: SignedIn, password: String, code: String?, origin: AuditOrigin,
                        on database: any Database, now: Date) async throws {
        let user = signedIn.user
        let accountKey = lockout.accountKey(user.email)
        let network = Self.networkKey(origin.clientIP)
        try await checkLock(accountKey: accountKey, network: network, user: user, origin: origin, on: database, now: now)
        guard await hashing.verify(password, against: user.passwordHash) else {
            try await countFailure(accountKey: accountKey, network: network, user: user, origin: origin, on: database, now: now)
            throw AccountError.invalid(ValidationFailure(["current_password": msgid("The password is not right.")]))
        }
        if try await hasTwoFactor(user.requireID(), on: database) {
            guard let code, try await checkSignInCode(user, code: code, origin: origin, on: database, now: now) else {
                throw AccountError.invalid(ValidationFailure(["code": msgid("That code is not right. Enter the six digits your app shows now.")]))
            }
        }
    }

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
            var ended = try await sessions.endAll(of: userID, keeping: signedIn.session.id, reason: reason, on: tx, now: now)
            let families = try await TokenFamilyRecord.query(on: tx).filter(\.$userID == userID).filter(\.$revokedAt == nil).all()
            for family in families { try await revoke(family, reason: reason.rawValue, on: tx, now: now) }
            ended += families.count
            return ended
        }
    }
}
