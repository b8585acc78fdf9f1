import FluentKit
import Foundation

/// A key that signs API access tokens (Ed25519). The private half is sealed with the
/// field-encryption key; the public half is published in `/.well-known/jwks.json` until every
/// token it signed has expired.
public final class SigningKeyRecord: Model, @unchecked Sendable {
    public static let schema = "jwt_signing_keys"

    @ID(custom: "kid", generatedBy: .user) public var id: String?
    @Field(key: "private_key_sealed") public var privateKeySealed: String
    /// Base64url of the raw 32-byte public key (the JWK's `x`).
    @Field(key: "public_key") public var publicKey: String
    @Field(key: "created_at") public var createdAt: Date
    /// When a newer key took over signing; nil for the current key.
    @OptionalField(key: "retired_at") public var retiredAt: Date?

    public init() {}
}

/// One API sign-in: an app that got tokens with a password, and every refresh since. Revoking
/// the family ends all its tokens at once.
public final class TokenFamilyRecord: Model, @unchecked Sendable {
    public static let schema = "token_families"

    @ID(key: .id) public var id: UUID?
    @Field(key: "user_id") public var userID: UUID
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "last_used_at") public var lastUsedAt: Date
    @Field(key: "expires_at") public var expiresAt: Date
    @OptionalField(key: "revoked_at") public var revokedAt: Date?
    @OptionalField(key: "revoke_reason") public var revokeReason: String?
    @Field(key: "second_factor") public var secondFactor: Bool
    @OptionalField(key: "client_ip") public var clientIP: String?
    @OptionalField(key: "user_agent") public var userAgent: String?

    public init() {}
}

/// An opaque refresh token, stored as its SHA-256. Each is good for one refresh; showing a used
/// one again means it was copied, and the whole family is revoked.
public final class RefreshTokenRecord: Model, @unchecked Sendable {
    public static let schema = "refresh_tokens"

    @ID(key: .id) public var id: UUID?
    @Field(key: "family_id") public var familyID: UUID
    @Field(key: "token_hash") public var tokenHash: String
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "used_at") public var usedAt: Date?

    public init() {}
}
