import Audit
import Core
import FluentKit
import Foundation

extension Accounts {
    /// Sends a reset link when `email` belongs to an account that is not disabled. The caller
    /// answers the same either way. A locked-out person can always do this.
    public func requestPasswordReset(email: String, origin: AuditOrigin, on database: any Database, now: Date = Date()) async throws {
        try await limit(.resetPerIP, Self.networkKey(origin.clientIP), on: database, now: now)
        try await limit(.resetPerAccount, lockout.accountKey(email), on: database, now: now)
        guard let user = try await self.user(withEmail: email, on: database), user.disabledAt == nil else {
            try await audit.append(AuditEvent(actor: .anonymous, action: "account.password_reset_request", outcome: .failure,
                                              origin: origin, detail: ["reason": .string("unknown-account")]), on: database)
            return
        }
        try await database.writeTransaction { tx in
            let token = try await AccountTokens.issue(.resetPassword, for: user, on: tx, now: now)
            try await sendMail(.resetPassword, to: user, token: token, on: tx)
            try await audit.append(AuditEvent(actor: .anonymous, action: "account.password_reset_request",
                                              resource: user.auditResource, origin: origin), on: tx)
        }
    }

    /// Whether `token` is a live reset link (the page shows the new-password form only then).
    public func checkResetLink(_ token: String, on database: any Database, now: Date = Date()) async throws -> Bool {
        try await resetLinkPurpose(token, on: database, now: now) != nil
    }

    /// Reset links and staff invitations set a password the same way.
    func resetLinkPurpose(_ token: String, on database: any Database, now: Date) async throws -> TokenPurpose? {
        for purpose in [TokenPurpose.resetPassword, .invitation] where try await AccountTokens.check(token, purpose, on: database, now: now) != nil {
            return purpose
        }
        return nil
    }

    /// Sets a new password through a reset link. Every session of the account ends (whoever had
    /// the old password is out), and the address counts as verified: the link arrived there.
    /// Throws `.invalid` for a weak password (the link stays usable) or `.linkInvalid`.
    public func resetPassword(token: String, newPassword: String, origin: AuditOrigin, on database: any Database,
                              now: Date = Date()) async throws {
        guard let purpose = try await resetLinkPurpose(token, on: database, now: now),
              let (_, holder) = try await AccountTokens.check(token, purpose, on: database, now: now) else {
            throw AccountError.linkInvalid
        }
        if let problem = passwordProblem(newPassword, email: holder.email) {
            throw AccountError.invalid(ValidationFailure(["password": problem]))
        }
        let newHash = try await hashing.hash(newPassword)
        try await database.writeTransaction { tx in
            // Consumed inside the transaction: of two requests racing with one link, one wins.
            guard let user = try await AccountTokens.consume(token, purpose, on: tx, now: now) else {
                throw AccountError.linkInvalid
            }
            // Conditional on the hash the link was bound to: of two different reset links used at
            // the same moment, the second finds the password already changed and fails like a
            // dead link.
            let changed = try await tx.raw("""
                UPDATE users SET password_hash = \(bind: newHash), password_changed_at = \(bind: now), updated_at = \(bind: now),
                                 email_verified_at = COALESCE(email_verified_at, \(bind: now))
                WHERE id = \(bind: try user.requireID()) AND password_hash = \(bind: user.passwordHash)
                RETURNING id
                """).all()
            guard !changed.isEmpty else { throw AccountError.linkInvalid }
            user.passwordHash = newHash
            user.passwordChangedAt = now
            user.updatedAt = now
            if user.emailVerifiedAt == nil { user.emailVerifiedAt = now }
            let userID = try user.requireID()
            let ended = try await sessions.endAll(of: userID, reason: .passwordReset, on: tx, now: now)
            try await discardPendingTOTP(of: userID, on: tx)
            // The owner proved the mailbox: a password thief's wrong codes no longer lock them out.
            try await lockout.liftSecondFactorLock(email: user.email, on: tx)
            // Whoever had the old password may also hold API tokens: those end too.
            let revoked = try await revokeAllFamilies(of: userID, reason: SessionEndReason.passwordReset.rawValue, on: tx, now: now)
            try await audit.append(AuditEvent(actor: user.auditActor, action: "account.password_reset",
                                              resource: user.auditResource, origin: origin,
                                              detail: ["sessions_ended": .int(Int64(ended)), "token_families_revoked": .int(Int64(revoked))]), on: tx)
        }
    }
}
