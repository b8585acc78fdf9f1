import Core
import Crypto
import FluentKit
import Foundation

/// Brute-force protection in the manner of django-axes, built so that it cannot be turned into a
/// weapon against the account's owner.
///
/// - Failures of one address from one IP (the pair) lock that pair for the window: the attacker
///   guessing from there is stopped, the owner signing in from home is not.
/// - Failures from one IP across many addresses lock that IP.
/// - Addresses are never locked as a whole; from IPs the account has not signed in from recently,
///   a token bucket only slows the pace (`RateRule.signInPerAccount`).
///
/// Locks lift when the failures age out of the window. The password reset is never locked.
public struct LockoutPolicy: Sendable {
    public var window: TimeInterval = 15 * 60
    public var pairLimit = 5
    public var ipLimit = 30
    /// Wrong second-step codes for one account from anywhere: whoever sends them has the password.
    public var secondFactorLimit = 5

    public init() {}
}

/// Why sign-in is refused before the password is even checked.
public enum LockoutScope: String, Sendable {
    case pair
    case ip
    /// The account's second step, from every network, for a window after the last wrong code;
    /// the owner's password reset lifts it.
    case secondFactor = "second-factor"
}

struct Lockout: Sendable {
    let policy: LockoutPolicy
    let keyring: SecretKeyring

    /// A keyed hash of the normalised address: equal addresses meet, the table reveals none.
    func accountKey(_ email: String) -> String {
        let key = keyring.currentKey(for: .sessions).symmetricKey
        let mac = HMAC<SHA256>.authenticationCode(for: Data(("lockout:" + EmailNormalization.normalize(email)).utf8), using: key)
        return Data(mac).map { String(format: "%02x", $0) }.joined()
    }

    /// The lock in force for this address and IP, with the seconds until it lifts.
    func lock(accountKey: String, ip: String, on database: any Database, now: Date) async throws -> (LockoutScope, Int)? {
        if let seconds = try await secondFactorLock(accountKey, on: database, now: now) { return (.secondFactor, seconds) }
        let since = now.addingTimeInterval(-policy.window)
        let pair = try await SignInFailureRecord.query(on: database)
            .filter(\.$accountKey == accountKey).filter(\.$clientIP == ip).filter(\.$occurredAt > since)
            .sort(\.$occurredAt, .descending).range(..<policy.pairLimit).all(\.$occurredAt)
        if pair.count >= policy.pairLimit, let oldest = pair.last {
            return (.pair, secondsUntil(oldest, now))
        }
        let byIP = try await SignInFailureRecord.query(on: database)
            .filter(\.$clientIP == ip).filter(\.$occurredAt > since)
            .sort(\.$occurredAt, .descending).range(..<policy.ipLimit).all(\.$occurredAt)
        if byIP.count >= policy.ipLimit, let oldest = byIP.last {
            return (.ip, secondsUntil(oldest, now))
        }
        return nil
    }

    /// The key second-step failures are counted under, apart from the address's password failures.
    static func secondFactorKey(_ accountKey: String) -> String { "mfa:" + accountKey }

    /// Seconds left of the second-step lock on `accountKey` (already a `secondFactorKey`), if
    /// any: `secondFactorLimit` wrong codes within a window lock it for a window after the last.
    private func secondFactorLock(_ accountKey: String, on database: any Database, now: Date) async throws -> Int? {
        guard accountKey.hasPrefix("mfa:") else { return nil }
        let recent = try await SignInFailureRecord.query(on: database).filter(\.$accountKey == accountKey)
            .filter(\.$occurredAt > now.addingTimeInterval(-2 * policy.window))
            .sort(\.$occurredAt, .descending).range(..<policy.secondFactorLimit).all(\.$occurredAt)
        guard recent.count >= policy.secondFactorLimit, let newest = recent.first, let oldest = recent.last,
              newest.timeIntervalSince(oldest) <= policy.window, now < newest.addingTimeInterval(policy.window) else { return nil }
        return secondsUntil(newest, now)
    }

    /// Lifts the second-step lock of the account at `email` (the owner reset the password).
    func liftSecondFactorLock(email: String, on database: any Database) async throws {
        try await SignInFailureRecord.query(on: database).filter(\.$accountKey == Self.secondFactorKey(accountKey(email))).delete()
    }

    /// One attempt, counted as a failure before the password or code is checked, so that parallel
    /// guesses cannot all pass the lock check first and be counted afterwards.
    struct Reservation: Sendable {
        let failureID: UUID
        /// The locks this attempt starts if it fails: it is the one that reaches their limits.
        let startsLocks: [LockoutScope]
    }

    /// Checks the lock and reserves an attempt in one serialised step (SQLite's write lock; on
    /// PostgreSQL advisory locks on the address and the network). Throws nothing itself: a lock in
    /// force comes back as `.locked`.
    enum Admission: Sendable {
        case locked(LockoutScope, Int)
        case reserved(Reservation)
    }

    func admit(accountKey: String, ip: String, on database: any Database, now: Date) async throws -> Admission {
        try await database.writeTransaction { tx in
            if tx.dialect.name == "postgresql" {
                try await tx.raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: "lockout:" + accountKey)))").run()
                try await tx.raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: "lockout-ip:" + ip)))").run()
            }
            if let (scope, seconds) = try await lock(accountKey: accountKey, ip: ip, on: tx, now: now) {
                return .locked(scope, seconds)
            }
            let failure = SignInFailureRecord()
            failure.id = UUID()
            failure.accountKey = accountKey
            failure.clientIP = ip
            failure.occurredAt = now
            try await failure.create(on: tx)
            let since = now.addingTimeInterval(-policy.window)
            let pair = try await SignInFailureRecord.query(on: tx)
                .filter(\.$accountKey == accountKey).filter(\.$clientIP == ip).filter(\.$occurredAt > since).count()
            let byIP = try await SignInFailureRecord.query(on: tx).filter(\.$clientIP == ip).filter(\.$occurredAt > since).count()
            let secondStep = try await secondFactorLock(accountKey, on: tx, now: now) != nil
            var starts: [LockoutScope] = []
            if secondStep { starts.append(.secondFactor) } else if pair == policy.pairLimit { starts.append(.pair) }
            if byIP == policy.ipLimit { starts.append(.ip) }
            return .reserved(Reservation(failureID: try failure.requireID(), startsLocks: starts))
        }
    }

    /// The attempt succeeded: it no longer counts as a failure.
    func release(_ reservation: Reservation, on database: any Database) async throws {
        try await SignInFailureRecord.query(on: database).filter(\.$id == reservation.failureID).delete()
    }

    private func secondsUntil(_ oldest: Date, _ now: Date) -> Int {
        // Clamped to the window: a stored time may come back a hair later than it was written.
        max(1, min(Int(policy.window), Int(oldest.addingTimeInterval(policy.window).timeIntervalSince(now).rounded(.up))))
    }

    static func purge(on database: any Database, now: Date, window: TimeInterval) async throws {
        try await SignInFailureRecord.query(on: database).filter(\.$occurredAt < now.addingTimeInterval(-max(window, 86_400))).delete()
    }
}
