import Audit
import Core
import FluentKit
import Foundation

extension Accounts {
    /// Takes a token from `rule`'s bucket for `key`, or throws `.tooManyAttempts`.
    func limit(_ rule: RateRule, _ key: String, on database: any Database, now: Date) async throws {
        if case .limited(let seconds) = try await limiter.consume(key, rule: rule, on: database, now: now) {
            throw AccountError.tooManyAttempts(retryAfter: seconds)
        }
    }

    /// The bucket key for a client address: IPv6 by its /64, since one household gets a whole /64.
    public static func networkKey(_ clientIP: String?) -> String {
        guard let clientIP, let address = IPAddress(clientIP) else { return "unknown" }
        if address.isIPv4 { return address.description }
        return address.bytes.prefix(8).map { String(format: "%02x", $0) }.joined() + "/64"
    }

    /// Whether the account signed in from this network in the last 30 days: such attempts are
    /// not slowed by the account's bucket, so an attacker elsewhere cannot slow the owner down.
    func isKnownNetwork(_ network: String, for user: UserRecord, on database: any Database, now: Date) async throws -> Bool {
        let recent = try await AccountSessionRecord.query(on: database)
            .filter(\.$userID == user.requireID()).filter(\.$createdAt > now.addingTimeInterval(-30 * 86_400))
            .all(\.$clientIP)
        return recent.contains { Self.networkKey($0) == network }
    }

    /// Checks the network's rate and the lock for this address, and reserves the attempt as a
    /// failure before any password or code is checked; `settle` says how it went. Throws
    /// `.tooManyAttempts` when limited or locked (audited), before any Bcrypt call.
    func reserveAttempt(accountKey: String, network: String, user: UserRecord?, origin: AuditOrigin,
                        on database: any Database, now: Date) async throws -> Lockout.Reservation {
        try await limit(.signInPerIP, network, on: database, now: now)
        switch try await lockout.admit(accountKey: accountKey, ip: network, on: database, now: now) {
        case .locked(let scope, let seconds):
            try await recordFailure(user, reason: "locked-out-\(scope.rawValue)", origin: origin, on: database)
            throw AccountError.tooManyAttempts(retryAfter: seconds)
        case .reserved(let reservation):
            return reservation
        }
    }

    /// Ends a reserved attempt: a success stops counting; a failure that reached a limit audits
    /// the lock and tells the owner (once per window). Of any number of parallel failures exactly
    /// one reaches the limit, so the lock is announced once.
    func settle(_ reservation: Lockout.Reservation, succeeded: Bool, user: UserRecord?, origin: AuditOrigin,
                on database: any Database, now: Date) async throws {
        if succeeded { return try await lockout.release(reservation, on: database) }
        for scope in reservation.startsLocks { try await announce(scope, user: user, origin: origin, on: database, now: now) }
    }

    /// A lock has started: audited, and the owner told once per window (not for a network's lock,
    /// which is about many addresses).
    private func announce(_ scope: LockoutScope, user: UserRecord?, origin: AuditOrigin, on database: any Database, now: Date) async throws {
        try await database.writeTransaction { tx in
            try await audit.append(AuditEvent(
                actor: .anonymous, action: "auth.lockout", resource: user?.auditResource, outcome: .denied, origin: origin,
                detail: ["scope": .string(scope.rawValue), "minutes": .int(Int64(lockout.policy.window / 60))]
            ), on: tx)
            if let user, scope != .ip, user.disabledAt == nil {
                let window = Int(now.timeIntervalSince1970 / lockout.policy.window)
                try await sendMail(scope == .secondFactor ? .secondFactorLocked : .signInBlocked, to: user,
                                   onceKey: "lockout.\(scope.rawValue).\(user.id?.uuidString.lowercased() ?? "").\(window)", on: tx)
            }
        }
    }

    /// A password check of a signed-in person (re-authentication, turning two-step sign-in on or
    /// off), limited and counted like the sign-in's, so a stolen session cookie is no unthrottled
    /// way to test passwords. A wrong one is audited.
    func checkPassword(_ password: String, of user: UserRecord, origin: AuditOrigin, on database: any Database, now: Date) async throws -> Bool {
        let reservation = try await reserveAttempt(accountKey: lockout.accountKey(user.email), network: Self.networkKey(origin.clientIP),
                                                   user: user, origin: origin, on: database, now: now)
        let right = await hashing.verify(password, against: user.passwordHash)
        if !right { try await recordFailure(user, reason: "wrong-password", origin: origin, on: database) }
        try await settle(reservation, succeeded: right, user: user, origin: origin, on: database, now: now)
        return right
    }
}
