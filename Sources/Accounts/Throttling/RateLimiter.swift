import FluentKit
import Foundation

/// A token bucket: up to `capacity` attempts at once, refilled at one per `refillInterval`.
public struct RateRule: Sendable, Equatable {
    public let name: String
    public let capacity: Double
    public let refillInterval: TimeInterval

    public init(name: String, capacity: Double, refillInterval: TimeInterval) {
        self.name = name
        self.capacity = capacity
        self.refillInterval = refillInterval
    }
}

/// Whether an attempt may go ahead.
public enum RateDecision: Sendable, Equatable {
    case allowed
    /// Wait this many seconds for the next token.
    case limited(retryAfter: Int)
}

/// Where buckets live. Every instance must see the same buckets, so they are kept in the database
/// (a Redis implementation can take its place behind this protocol).
public protocol RateLimiter: Sendable {
    /// Takes one token from the bucket `key` under `rule`, or says how long until one is free.
    func consume(_ key: String, rule: RateRule, on database: any Database, now: Date) async throws -> RateDecision
}

extension RateRule {
    /// Sign-in from one address: a household or clinic behind one IP gets room.
    static let signInPerIP = RateRule(name: "sign-in.ip", capacity: 30, refillInterval: 20)
    /// Sign-in to one account from an address it has not signed in from recently.
    static let signInPerAccount = RateRule(name: "sign-in.account", capacity: 10, refillInterval: 60)
    static let signUpPerIP = RateRule(name: "sign-up.ip", capacity: 10, refillInterval: 360)
    static let resetPerIP = RateRule(name: "reset.ip", capacity: 10, refillInterval: 180)
    /// Reset mails to one address: enough to retry, not enough to flood an inbox. Only reset
    /// requests take from it, and each one that does mails the owner a link that works.
    static let resetPerAccount = RateRule(name: "reset.account", capacity: 3, refillInterval: 1200)
    /// Address changes one account asks for.
    static let emailChangePerAccount = RateRule(name: "email-change.account", capacity: 3, refillInterval: 1200)
    /// Address-change links to one address, from however many accounts.
    static let emailChangePerAddress = RateRule(name: "email-change.address", capacity: 3, refillInterval: 1200)
    /// Refreshing and revoking API tokens from one address. A refresh token cannot be guessed,
    /// but a flood of lookups still costs; an app refreshes about every 15 minutes, so a clinic's
    /// Wi-Fi full of phones stays far below this.
    static let apiTokenPerIP = RateRule(name: "api-token.ip", capacity: 60, refillInterval: 5)
}
