import FluentKit
import Foundation

/// One signed-in session: a browser that signed in, until it signs out, is ended from the
/// sessions page, or times out. The browser's cookie points at the web session, whose data holds
/// this row's id; the row itself holds no secret.
public final class AccountSessionRecord: Model, @unchecked Sendable {
    public static let schema = "account_sessions"

    @ID(key: .id) public var id: UUID?
    @Field(key: "user_id") public var userID: UUID
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "last_seen_at") public var lastSeenAt: Date
    /// `last_seen_at` plus the idle timeout of the account's role at the time.
    @Field(key: "idle_expires_at") public var idleExpiresAt: Date
    @Field(key: "absolute_expires_at") public var absoluteExpiresAt: Date
    @OptionalField(key: "ended_at") public var endedAt: Date?
    /// sign-out, ended, password-reset, disabled, …
    @OptionalField(key: "end_reason") public var endReason: String?
    @OptionalField(key: "client_ip") public var clientIP: String?
    @OptionalField(key: "user_agent") public var userAgent: String?
    /// Whether this sign-in passed a second factor (TOTP or a recovery code). Staff sessions
    /// without one reach no patient data.
    @Field(key: "second_factor") public var secondFactor: Bool

    public init() {}

    public func isLive(at now: Date) -> Bool {
        endedAt == nil && now < idleExpiresAt && now < absoluteExpiresAt
    }
}
