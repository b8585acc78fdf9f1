import FluentKit
import Foundation

/// A single-use link token (e-mail verification, password reset). Only its SHA-256 is stored.
public final class AccountTokenRecord: Model, @unchecked Sendable {
    public static let schema = "account_tokens"

    @ID(key: .id) public var id: UUID?
    @Field(key: "user_id") public var userID: UUID
    @Field(key: "purpose") public var purpose: String
    @Field(key: "token_hash") public var tokenHash: String
    /// A hash of what the token was issued against (the password hash and the address): when
    /// either changes, the link dies.
    @Field(key: "binding") public var binding: String
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "expires_at") public var expiresAt: Date
    @OptionalField(key: "used_at") public var usedAt: Date?
    /// For an address change: the new address, which the link confirms.
    @OptionalField(key: "new_email") public var newEmail: String?

    public init() {}
}
