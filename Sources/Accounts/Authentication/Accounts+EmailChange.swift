import Audit
import Core
import FluentKit
import Foundation

extension Accounts {
    /// Starts an address change for the signed-in account, after re-authentication: a link goes to
    /// the new address, and nothing changes until it is used. When the new address already has an
    /// account, no link is sent and the answer is the same (no way to learn who is registered).
    public func requestEmailChange(for signedIn: SignedIn, password: String, code: String?, newEmail: String,
                                   origin: AuditOrigin, on database: any Database, now: Date = Date()) async throws {
        let email = newEmail.trimmingCharacters(in: .whitespacesAndNewlines)
        guard MailAddress(address: email) != nil else {
            throw AccountError.invalid(ValidationFailure(["email": msgid("Enter an e-mail address like name@example.com.")]))
        }
        let user = signedIn.user
        guard EmailNormalization.normalize(email) != user.emailNormalized else {
            throw AccountError.invalid(ValidationFailure(["email": msgid("This is already your e-mail address.")]))
        }
        try await reauthenticate(signedIn, password: password, code: code, origin: origin, on: database, now: now)
        // Buckets of their own: asking for someone else's address must never spend that owner's
        // reset allowance. The address's bucket is taken whether or not it is registered, so the
        // limits tell nobody which addresses have accounts.
        try await limit(.emailChangePerAccount, signedIn.userID.uuidString.lowercased(), on: database, now: now)
        try await limit(.emailChangePerAddress, lockout.accountKey(email), on: database, now: now)
        let taken = try await self.user(withEmail: email, on: database) != nil
        try await database.writeTransaction { tx in
            if !taken {
                let token = try await AccountTokens.issue(.changeEmail, for: user, newEmail: email, on: tx, now: now)
                try await sendMail(.confirmNewEmail, to: user, address: email, token: token, on: tx)
            }
            try await audit.append(AuditEvent(actor: signedIn.actor, action: "account.email_change_request", resource: user.auditResource,
                                              outcome: taken ? .failure : .success, origin: origin,
                                              detail: taken ? ["reason": .string("address-taken")] : [:]), on: tx)
        }
    }

    /// Whether `token` is a live address-change link.
    public func checkEmailChangeLink(_ token: String, on database: any Database, now: Date = Date()) async throws -> Bool {
        try await AccountTokens.check(token, .changeEmail, on: database, now: now) != nil
    }

    /// Makes the link's new address the account's (it is verified: the link arrived there) and
    /// tells the old address. Throws `.linkInvalid`, or `.emailTaken` if someone registered the
    /// address in the meantime.
    @discardableResult
    public func confirmEmailChange(token: String, origin: AuditOrigin, on database: any Database, now: Date = Date()) async throws -> UserRecord {
        try await database.writeTransaction { tx in
            guard let (record, user) = try await AccountTokens.consumeRecord(token, .changeEmail, on: tx, now: now),
                  let newEmail = record.newEmail else {
                throw AccountError.linkInvalid
            }
            let normalized = EmailNormalization.normalize(newEmail)
            guard try await UserRecord.query(on: tx).filter(\.$emailNormalized == normalized).count() == 0 else {
                throw AccountError.emailTaken
            }
            let oldEmail = user.email
            user.email = newEmail
            user.emailNormalized = normalized
            user.emailVerifiedAt = now
            user.updatedAt = now
            do {
                try await user.save(on: tx)
            } catch let error as any DatabaseError where error.isConstraintFailure {
                // Another account confirmed the same address a moment earlier.
                throw AccountError.emailTaken
            }
            try await sendMail(.emailChanged, to: user, address: oldEmail, on: tx)
            try await audit.append(AuditEvent(actor: user.auditActor, action: "account.email_change", resource: user.auditResource,
                                              origin: origin), on: tx)
            return user
        }
    }
}
