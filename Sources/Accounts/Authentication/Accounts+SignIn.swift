import Audit
import Core
import FluentKit
import Foundation

/// How a sign-in attempt ended, as far as the face needs to know.
public enum SignInResult: Sendable {
    case signedIn(SignedIn)
    /// The password was right and the account has two-step sign-in: ask for a code, then call
    /// `completeSignIn`.
    case needsSecondFactor(UserRecord)
    /// The password was right but the address is not confirmed yet; a new link was sent.
    case emailNotVerified
    /// Wrong address or password, or a disabled account: one answer for all, so nobody learns
    /// which addresses have accounts.
    case failed
}

extension Accounts {
    /// Checks an address and password and, when they match an active, verified account, starts
    /// a session. Every attempt writes an audit event. Throws `.tooManyAttempts` when this network
    /// is rate-limited or locked out for this address; the password is not checked then.
    public func signIn(email: String, password: String, origin: AuditOrigin, on database: any Database,
                       now: Date = Date()) async throws -> SignInResult {
        switch try await checkCredentials(email: email, password: password, origin: origin, on: database, now: now) {
        case .failed: return .failed
        case .emailNotVerified: return .emailNotVerified
        case .passed(let user, let twoFactor):
            if twoFactor { return .needsSecondFactor(user) }
            return .signedIn(try await startSession(for: user, secondFactor: false, origin: origin, on: database, now: now))
        }
    }

    enum CredentialCheck {
        case passed(UserRecord, twoFactor: Bool)
        case emailNotVerified
        case failed
    }

    /// The password step shared by the sign-in page and the API: rate limits, lockout, the
    /// password itself, and the account's state. Failures are audited and counted.
    func checkCredentials(email: String, password: String, origin: AuditOrigin, on database: any Database,
                          now: Date) async throws -> CredentialCheck {
        let network = Self.networkKey(origin.clientIP)
        let accountKey = lockout.accountKey(email)
        let reservation = try await reserveAttempt(accountKey: accountKey, network: network, user: nil, origin: origin, on: database, now: now)
        let user: UserRecord?
        do {
            user = try await self.user(withEmail: email, on: database)
            let known = if let user { try await isKnownNetwork(network, for: user, on: database, now: now) } else { false }
            if !known {
                try await limit(.signInPerAccount, accountKey, on: database, now: now)
            }
        } catch {
            // Refused before any password was checked: not a failure to count.
            try await lockout.release(reservation, on: database)
            throw error
        }
        guard let user else {
            await hashing.verifyNothing(password)
            try await recordFailure(nil, reason: "unknown-account", origin: origin, on: database)
            try await settle(reservation, succeeded: false, user: nil, origin: origin, on: database, now: now)
            return .failed
        }
        guard await hashing.verify(password, against: user.passwordHash) else {
            try await recordFailure(user, reason: "wrong-password", origin: origin, on: database)
            try await settle(reservation, succeeded: false, user: user, origin: origin, on: database, now: now)
            return .failed
        }
        try await settle(reservation, succeeded: true, user: user, origin: origin, on: database, now: now)
        guard user.disabledAt == nil else {
            try await recordFailure(user, reason: "disabled", origin: origin, on: database)
            return .failed
        }
        guard user.emailVerifiedAt != nil else {
            try await resendVerification(to: user, on: database, now: now)
            try await recordFailure(user, reason: "email-unverified", origin: origin, on: database)
            return .emailNotVerified
        }
        // A hash made under an old key or a lower cost is renewed while the password is at hand.
        if hashing.needsRehash(user.passwordHash) {
            let renewed = try await hashing.hash(password)
            user.passwordHash = renewed
            user.updatedAt = now
            try await UserRecord.query(on: database).filter(\.$id == user.requireID()).set(\.$passwordHash, to: renewed)
                .set(\.$updatedAt, to: now).update()
        }
        return .passed(user, twoFactor: try await hasTwoFactor(user.requireID(), on: database))
    }

    /// A second-factor code at sign-in, at the API or in re-authentication: reserved before it is
    /// checked, and counted per account across every network (whoever sends codes has the
    /// password). A wrong one is audited; the one that locks the second step throws
    /// `.tooManyAttempts`, so the face ends the pending sign-in.
    func checkSignInCode(_ user: UserRecord, code: String, origin: AuditOrigin, on database: any Database, now: Date) async throws -> Bool {
        let key = Lockout.secondFactorKey(lockout.accountKey(user.email))
        let reservation = try await reserveAttempt(accountKey: key, network: Self.networkKey(origin.clientIP),
                                                   user: user, origin: origin, on: database, now: now)
        let right = try await checkSecondFactor(user, code: code, origin: origin, on: database, now: now)
        if !right { try await recordFailure(user, reason: "wrong-second-factor", origin: origin, on: database) }
        try await settle(reservation, succeeded: right, user: user, origin: origin, on: database, now: now)
        if !right, reservation.startsLocks.contains(.secondFactor) {
            throw AccountError.tooManyAttempts(retryAfter: Int(lockout.policy.window))
        }
        return right
    }

    /// The second step of a sign-in with two-step verification: a code from the app or a
    /// recovery code. Wrong codes count towards lockout like wrong passwords. Nil when the code
    /// is wrong; throws `.tooManyAttempts` when locked.
    public func completeSignIn(userID: UUID, code: String, origin: AuditOrigin, on database: any Database,
                               now: Date = Date()) async throws -> SignedIn? {
        guard let user = try await UserRecord.find(userID, on: database), user.disabledAt == nil else { return nil }
        guard try await checkSignInCode(user, code: code, origin: origin, on: database, now: now) else { return nil }
        return try await startSession(for: user, secondFactor: true, origin: origin, on: database, now: now)
    }

    private func startSession(for user: UserRecord, secondFactor: Bool, origin: AuditOrigin, on database: any Database,
                              now: Date) async throws -> SignedIn {
        let session = try await database.writeTransaction { tx in
            let session = try await sessions.start(for: user, secondFactor: secondFactor, origin: origin, on: tx, now: now)
            try await audit.append(AuditEvent(
                actor: user.auditActor, action: "auth.sign_in", resource: user.auditResource, origin: origin,
                detail: ["session": .string(session.id?.uuidString.lowercased() ?? ""), "second_factor": .bool(secondFactor)]
            ), on: tx)
            return session
        }
        return SignedIn(user: user, session: session)
    }

    func recordFailure(_ user: UserRecord?, reason: String, origin: AuditOrigin, on database: any Database) async throws {
        try await audit.append(AuditEvent(
            actor: user?.auditActor ?? .anonymous, action: "auth.sign_in", resource: user?.auditResource,
            outcome: .failure, origin: origin, detail: ["reason": .string(reason)]
        ), on: database)
    }

    /// Ends the session on sign-out.
    public func signOut(_ signedIn: SignedIn, origin: AuditOrigin, on database: any Database, now: Date = Date()) async throws {
        try await sessions.end(try signedIn.session.requireID(), of: signedIn.userID, reason: .signOut,
                               by: signedIn.actor, origin: origin, on: database, now: now)
    }
}
