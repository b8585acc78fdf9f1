import FluentKit
import Foundation

/// One failed sign-in (wrong password, unknown address; later wrong TOTP or recovery codes).
/// The address is kept as a keyed hash, never as typed: most failures are typos of other people's
/// addresses.
public final class SignInFailureRecord: Model, @unchecked Sendable {
    public static let schema = "sign_in_failures"

    @ID(key: .id) public var id: UUID?
    @Field(key: "account_key") public var accountKey: String
    @Field(key: "client_ip") public var clientIP: String
    @Field(key: "occurred_at") public var occurredAt: Date

    public init() {}
}
