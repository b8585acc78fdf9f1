import FluentKit
import Foundation

/// A person who can sign in: a patient or a member of staff.
public final class UserRecord: Model, @unchecked Sendable {
    public static let schema = "users"

    @ID(key: .id) public var id: UUID?
    /// As the person typed it: shown to them and used to send mail.
    @Field(key: "email") public var email: String
    /// `EmailNormalization.normalize(email)`: unique, and what sign-in looks up.
    @Field(key: "email_normalized") public var emailNormalized: String
    @Field(key: "password_hash") public var passwordHash: String
    @Field(key: "role") public var role: String
    /// Only the first name is ever put in an e-mail.
    @Field(key: "first_name") public var firstName: String
    @Field(key: "last_name") public var lastName: String
    /// `SearchKey.name` of the first and last name, for prefix search.
    @Field(key: "name_key") public var nameKey: String
    /// `SearchKey.fold` of the last name, so a search by surname alone finds the account too.
    @Field(key: "last_name_key") public var lastNameKey: String
    @Field(key: "locale") public var locale: String
    /// IANA name (`AccountTimeZone`), `UTC` until known.
    @Field(key: "time_zone") public var timeZone: String
    @OptionalField(key: "email_verified_at") public var emailVerifiedAt: Date?
    @OptionalField(key: "disabled_at") public var disabledAt: Date?
    @Field(key: "password_changed_at") public var passwordChangedAt: Date
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}

    public var accountRole: AccountRole { AccountRole(rawValue: role) ?? .patient }
}
