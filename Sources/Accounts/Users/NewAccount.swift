import Core

/// What it takes to open an account.
public struct NewAccount: Sendable {
    public var email: String
    public var password: String
    public var firstName: String
    public var lastName: String
    public var locale: SiteLocale
    public var role: AccountRole
    /// True when someone trusted vouches for the address (an operator creating an admin).
    public var emailVerified: Bool
    /// The browser's guess (`Intl`), an IANA name; anything else means UTC.
    public var timeZone: String?

    public init(email: String, password: String, firstName: String, lastName: String, locale: SiteLocale,
                role: AccountRole, emailVerified: Bool = false, timeZone: String? = nil) {
        self.email = email
        self.password = password
        self.firstName = firstName
        self.lastName = lastName
        self.locale = locale
        self.role = role
        self.emailVerified = emailVerified
        self.timeZone = timeZone
    }
}
