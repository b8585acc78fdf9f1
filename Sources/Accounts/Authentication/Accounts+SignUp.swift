import Audit
import Core
import FluentKit
import Foundation

extension Accounts {
    /// Opens a patient account and sends the address a verification link.
    ///
    /// When the address already has an account, nothing is created and its owner is told by mail
    /// instead (at most once a day); the caller cannot tell the two cases apart, so sign-up cannot
    /// be used to learn who is a patient. Invalid input still throws `AccountError.invalid`.
    public func signUp(_ account: NewAccount, origin: AuditOrigin, on database: any Database, now: Date = Date()) async throws {
        try await limit(.signUpPerIP, Self.networkKey(origin.clientIP), on: database, now: now)
        var account = account
        account.role = .patient
        account.emailVerified = false
        // Hashed before the address is looked up, so both outcomes take a Bcrypt's time.
        let user = try await prepare(account, now: now)
        do {
            try await database.writeTransaction { tx in
                try await insert(user, by: .anonymous, origin: origin, on: tx)
                let token = try await AccountTokens.issue(.verifyEmail, for: user, on: tx, now: now)
                try await sendMail(.verifyEmail, to: user, token: token, on: tx)
            }
        } catch AccountError.emailTaken {
            guard let existing = try await self.user(withEmail: account.email, on: database), existing.disabledAt == nil else { return }
            let day = Int(now.timeIntervalSince1970 / 86_400)
            try await database.writeTransaction { tx in
                try await sendMail(.signUpExisting, to: existing,
                                   onceKey: "sign-up-existing.\(existing.id?.uuidString.lowercased() ?? "").\(day)", on: tx)
                try await audit.append(AuditEvent(actor: .anonymous, action: "account.sign_up_existing",
                                                  resource: existing.auditResource, origin: origin), on: tx)
            }
        }
    }

    /// Whether `token` is a live verification link (the page shows a confirm button only then).
    public func checkVerificationLink(_ token: String, on database: any Database, now: Date = Date()) async throws -> Bool {
        try await AccountTokens.check(token, .verifyEmail, on: database, now: now) != nil
    }

    /// Marks the address of the link's account as verified and uses the link up.
    @discardableResult
    public func verifyEmail(token: String, origin: AuditOrigin, on database: any Database, now: Date = Date()) async throws -> UserRecord {
        try await database.writeTransaction { tx in
            guard let user = try await AccountTokens.consume(token, .verifyEmail, on: tx, now: now) else {
                throw AccountError.linkInvalid
            }
            if user.emailVerifiedAt == nil {
                user.emailVerifiedAt = now
                user.updatedAt = now
                try await user.save(on: tx)
            }
            try await audit.append(AuditEvent(actor: user.auditActor, action: "account.email_verify",
                                              resource: user.auditResource, origin: origin), on: tx)
            return user
        }
    }

    /// Sends a fresh verification link unless one went out in the last few minutes (a person
    /// signing in again and again should not fill their own inbox).
    func resendVerification(to user: UserRecord, on database: any Database, now: Date) async throws {
        let userID = try user.requireID()
        try await database.writeTransaction { tx in
            let recent = try await AccountTokenRecord.query(on: tx)
                .filter(\.$userID == userID).filter(\.$purpose == TokenPurpose.verifyEmail.rawValue)
                .filter(\.$createdAt > now.addingTimeInterval(-300)).count()
            guard recent == 0 else { return }
            let token = try await AccountTokens.issue(.verifyEmail, for: user, on: tx, now: now)
            try await sendMail(.verifyEmail, to: user, token: token, on: tx)
        }
    }
}
