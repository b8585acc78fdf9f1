import Core
import FluentKit
import Foundation
import SQLKit

/// Token buckets in the `rate_limits` table: one row per key with its tokens and when they were
/// last counted. Taking a token is one short write transaction.
public struct DatabaseRateLimiter: RateLimiter {
    public init() {}

    public func consume(_ key: String, rule: RateRule, on database: any Database, now: Date) async throws -> RateDecision {
        let bucket = "\(rule.name):\(key)"
        return try await database.writeTransaction { sql in
            try await sql.raw("""
                INSERT INTO rate_limits (bucket, tokens, updated_at) VALUES (\(bind: bucket), \(bind: rule.capacity), \(bind: now))
                ON CONFLICT (bucket) DO NOTHING
                """).run()
            let lock = sql.dialect.name == "postgresql" ? " FOR UPDATE" : ""
            guard let row = try await sql.raw("SELECT tokens, updated_at FROM rate_limits WHERE bucket = \(bind: bucket)\(unsafeRaw: lock)").first() else {
                return .allowed
            }
            let stored = try row.decode(column: "tokens", as: Double.self)
            let updated = try row.decode(column: "updated_at", as: Date.self)
            let elapsed = max(0, now.timeIntervalSince(updated))
            var tokens = min(rule.capacity, stored + elapsed / rule.refillInterval)
            let decision: RateDecision
            if tokens >= 1 {
                tokens -= 1
                decision = .allowed
            } else {
                decision = .limited(retryAfter: max(1, Int(((1 - tokens) * rule.refillInterval).rounded(.up))))
            }
            try await sql.raw("UPDATE rate_limits SET tokens = \(bind: tokens), updated_at = \(bind: now) WHERE bucket = \(bind: bucket)").run()
            return decision
        }
    }

    /// Deletes buckets untouched for a day (full again by then under every rule).
    public static func purge(on database: any Database, now: Date = Date()) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("DELETE FROM rate_limits WHERE updated_at < \(bind: now.addingTimeInterval(-86_400))").run()
    }
}
