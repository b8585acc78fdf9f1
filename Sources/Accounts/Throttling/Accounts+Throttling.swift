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
    static func networkKey(_ clientIP: String?) -> String {
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

    /// Records a failed sign-in; when it starts a lock, audits it and tells the owner (once per window).
    func countFailure(accountKey: String, network: String, user: UserRecord?, origin: AuditOrigin,
                      on database: any Database, now: Date) async throws {
        guard let scope = try await lockout.recordFailure(accountKey: accountKey, ip: network, on: database, now: now) else { return }
        try await database.writeTransaction { tx in
            try await audit.append(AuditEvent(
                actor: .anonymous, action: "auth.lockout", resource: user?.auditResource, outcome: .denied, origin: origin,
                detail: ["scope": .string(scope.rawValue), "minutes": .int(Int64(lockout.policy.window / 60))]
            ), on: tx)
            if let user, scope == .pair, user.disabledAt == nil {
                let window = Int(now.timeIntervalSince1970 / lockout.policy.window)
                try await sendMail(.signInBlocked, to: user,
                                   onceKey: "lockout.\(user.id?.uuidString.lowercased() ?? "").\(window)", on: tx)
            }
        }
    }
}
