import FluentKit
import Foundation

/// An account's TOTP secret, sealed with the field-encryption key. Unconfirmed until the person
/// has typed one code from their app; only then is two-factor on.
public final class TOTPCredentialRecord: Model, @unchecked Sendable {
    public static let schema = "totp_credentials"

    @ID(key: .id) public var id: UUID?
    @Field(key: "user_id") public var userID: UUID
    /// `FieldEncryption` output, context `totp:<user id>`.
    @Field(key: "secret_sealed") public var secretSealed: String
    @OptionalField(key: "confirmed_at") public var confirmedAt: Date?
    /// The step of the last code accepted: a code is good once.
    @OptionalField(key: "last_used_step") public var lastUsedStep: Int64?
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}

/// A single-use recovery code, stored as its SHA-256.
public final class RecoveryCodeRecord: Model, @unchecked Sendable {
    public static let schema = "recovery_codes"

    @ID(key: .id) public var id: UUID?
    @Field(key: "user_id") public var userID: UUID
    @Field(key: "code_hash") public var codeHash: String
    @OptionalField(key: "used_at") public var usedAt: Date?
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}
