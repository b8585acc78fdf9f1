import Audit
import Core
import FluentKit
import SQLKit
import Foundation

/// A signed-in person as a face sees them on one request.
public struct SignedIn: Sendable {
    public let user: UserRecord
    public let session: AccountSessionRecord

    public var userID: UUID { session.userID }
    public var actor: AuditActor { .user(userID.uuidString.lowercased()) }
    /// The account's zone, for the times its pages show.
    public var timeZone: TimeZone { TimeZone(identifier: user.timeZone) ?? .gmt }
    /// Who is asking, for `authorize`.
    public var accessActor: AccessActor {
        .user(id: userID, role: user.accountRole, secondFactor: session.secondFactor)
    }
}

/// Starting, resuming, listing and ending signed-in sessions.
public struct AccountSessions: Sendable {
    public let timeouts: SessionTimeouts
    let audit: AuditTrail

    /// A session used again within this long keeps its stored deadline: most requests then write nothing.
    static let touchInterval: TimeInterval = 60

    public init(timeouts: SessionTimeouts, audit: AuditTrail) {
        self.timeouts = timeouts
        self.audit = audit
    }

    /// Starts a session for `user`, in the caller's transaction.
    func start(for user: UserRecord, secondFactor: Bool = false, origin: AuditOrigin, on database: any Database,
               now: Date) async throws -> AccountSessionRecord {
        let staff = user.accountRole.isStaff
        let session = AccountSessionRecord()
        session.id = UUID()
        session.userID = try user.requireID()
        session.createdAt = now
        session.lastSeenAt = now
        session.idleExpiresAt = now.addingTimeInterval(timeouts.idle(staff: staff))
        session.absoluteExpiresAt = now.addingTimeInterval(timeouts.absolute(staff: staff))
        session.secondFactor = secondFactor
        session.clientIP = origin.clientIP
        session.userAgent = origin.userAgent.map { String($0.prefix(300)) }
        try await session.create(on: database)
        return session
    }

    /// The live session `id` with its user, its idle deadline pushed back unless `touch` is false
    /// (a request the page made by itself); nil when it was ended, has timed out, or its user was disabled.
    public func resume(_ id: UUID, touch: Bool = true, on database: any Database, now: Date = Date()) async throws -> SignedIn? {
        guard let session = try await AccountSessionRecord.find(id, on: database), session.isLive(at: now),
              let user = try await UserRecord.find(session.userID, on: database), user.disabledAt == nil else {
            return nil
        }
        let idle = timeouts.idle(staff: user.accountRole.isStaff)
        if (touch && now.timeIntervalSince(session.lastSeenAt) >= Self.touchInterval) || session.idleExpiresAt > now.addingTimeInterval(idle) {
            session.lastSeenAt = now
            session.idleExpiresAt = min(now.addingTimeInterval(idle), session.absoluteExpiresAt)
            try await AccountSessionRecord.query(on: database).filter(\.$id == id).filter(\.$endedAt == nil)
                .set(\.$lastSeenAt, to: session.lastSeenAt)
                .set(\.$idleExpiresAt, to: session.idleExpiresAt)
                .update()
        }
        return SignedIn(user: user, session: session)
    }

    /// The account's live sessions, the most recently used first.
    public func live(of userID: UUID, on database: any Database, now: Date = Date()) async throws -> [AccountSessionRecord] {
        try await AccountSessionRecord.query(on: database)
            .filter(\.$userID == userID)
            .filter(\.$endedAt == nil)
            .filter(\.$idleExpiresAt > now)
            .filter(\.$absoluteExpiresAt > now)
            .sort(\.$lastSeenAt, .descending)
            .all()
    }

    /// Ends one of the account's own sessions (sign-out, or the button on the sessions page).
    /// False when `id` is not a live session of `userID`: nobody ends another person's session this way.
    @discardableResult
    public func end(_ id: UUID, of userID: UUID, reason: SessionEndReason, by actor: AuditActor, origin: AuditOrigin,
                    on database: any Database, now: Date = Date()) async throws -> Bool {
        try await database.writeTransaction { tx in
            guard let session = try await AccountSessionRecord.query(on: tx)
                .filter(\.$id == id).filter(\.$userID == userID).filter(\.$endedAt == nil).first() else {
                return false
            }
            session.endedAt = now
            session.endReason = reason.rawValue
            try await session.save(on: tx)
            try await audit.append(AuditEvent(
                actor: actor, action: reason == .signOut ? "auth.sign_out" : "session.end",
                resource: AuditResource(type: "session", id: id.uuidString.lowercased()), origin: origin,
                detail: ["user": .string(userID.uuidString.lowercased()), "reason": .string(reason.rawValue)]
            ), on: tx)
            return true
        }
    }

    /// Ends every live session of `userID` but `keeping`, in the caller's transaction; returns how many.
    @discardableResult
    func endAll(of userID: UUID, keeping: UUID? = nil, reason: SessionEndReason, on database: any Database, now: Date) async throws -> Int {
        var query = AccountSessionRecord.query(on: database).filter(\.$userID == userID).filter(\.$endedAt == nil)
        if let keeping { query = query.filter(\.$id != keeping) }
        let ids = try await query.all(\.$id)
        guard !ids.isEmpty else { return 0 }
        try await AccountSessionRecord.query(on: database).filter(\.$id ~~ ids)
            .set(\.$endedAt, to: now).set(\.$endReason, to: reason.rawValue).update()
        return ids.count
    }

    /// Deletes sessions that ended or timed out, and link tokens and API sign-ins that expired
    /// (or were revoked), more than `age` ago: nothing shows them any more, and the audit trail keeps the record. Old sign-in
    /// failures, idle rate-limit buckets and enrolment secrets left unconfirmed go too.
    public static func purge(olderThan age: TimeInterval, on database: any Database, now: Date = Date()) async throws {
        let cutoff = now.addingTimeInterval(-age)
        try await AccountSessionRecord.query(on: database).group(.or) {
            $0.filter(\.$endedAt < cutoff).filter(\.$idleExpiresAt < cutoff).filter(\.$absoluteExpiresAt < cutoff)
        }.delete()
        try await AccountTokenRecord.query(on: database).filter(\.$expiresAt < cutoff).delete()
        // API sign-ins that expired or were revoked, with every refresh token they had (a spent
        // one is kept while its family lives: that is how a replay is recognised).
        if let sql = database as? any SQLDatabase {
            try await sql.raw("""
                DELETE FROM refresh_tokens WHERE family_id IN
                  (SELECT id FROM token_families WHERE expires_at < \(bind: cutoff) OR revoked_at < \(bind: cutoff))
                """).run()
            try await sql.raw("DELETE FROM token_families WHERE expires_at < \(bind: cutoff) OR revoked_at < \(bind: cutoff)").run()
        }
        try await TOTPCredentialRecord.query(on: database).filter(\.$confirmedAt == nil)
            .filter(\.$createdAt < now.addingTimeInterval(-Accounts.pendingTOTPLifetime)).delete()
        try await Lockout.purge(on: database, now: now, window: LockoutPolicy().window)
        try await DatabaseRateLimiter.purge(on: database, now: now)
    }
}

/// Why a session ended, as stored and audited.
public enum SessionEndReason: String, Sendable {
    case signOut = "sign-out"
    /// Ended from the sessions page.
    case endedByUser = "ended-by-user"
    case passwordChanged = "password-changed"
    /// The "sign out everywhere else" button.
    case endedOthers = "ended-others"
    case passwordReset = "password-reset"
    case accountDisabled = "account-disabled"
}
