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

    public init() {}
}

/// Why sign-in is refused before the password is even checked.
public enum LockoutScope: String, Sendable {
    case pair
    case ip
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

    /// Records a failure; returns the scope of the lock it starts, if it is the one that reaches a limit.
    func recordFailure(accountKey: String, ip: String, on database: any Database, now: Date) async throws -> LockoutScope? {
        let failure = SignInFailureRecord()
        failure.id = UUID()
        failure.accountKey = accountKey
        failure.clientIP = ip
        failure.occurredAt = now
        try await failure.create(on: database)
        let since = now.addingTimeInterval(-policy.window)
        let pair = try await SignInFailureRecord.query(on: database)
            .filter(\.$accountKey == accountKey).filter(\.$clientIP == ip).filter(\.$occurredAt > since).count()
        if pair == policy.pairLimit { return .pair }
        let byIP = try await SignInFailureRecord.query(on: database).filter(\.$clientIP == ip).filter(\.$occurredAt > since).count()
        if byIP == policy.ipLimit { return .ip }
        return nil
    }

    private func secondsUntil(_ oldest: Date, _ now: Date) -> Int {
        max(1, Int(oldest.addingTimeInterval(policy.window).timeIntervalSince(now).rounded(.up)))
    }

    static func purge(on database: any Database, now: Date, window: TimeInterval) async throws {
        try await SignInFailureRecord.query(on: database).filter(\.$occurredAt < now.addingTimeInterval(-max(window, 86_400))).delete()
    }
}
