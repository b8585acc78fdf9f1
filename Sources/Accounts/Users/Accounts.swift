import Audit
import Core
import FluentKit
import Foundation

/// The accounts domain: opening accounts, signing in and out, link tokens and sessions. Faces
/// (the account pages, the admin, `create-admin`, the API) call this; none of them writes an
/// account row itself.
public struct Accounts: Sendable {
    public let hashing: PasswordHashing
    public let policy: PasswordPolicy
    public let audit: AuditTrail
    public let sessions: AccountSessions
    let encryption: FieldEncryption
    /// The domain of the sender address, for Message-IDs.
    let mailDomain: String
    /// The buckets of every rate limit, shared with the other domains (the inquiry's).
    public let limiter: any RateLimiter
    /// The `iss` of our access tokens: the public base URL, so a token from another installation
    /// signed with a key that leaked there is refused here.
    let tokenIssuer: String
    let lockout: Lockout
    let recoveryCodeHash: RecoveryCodeHash
    let signingCache = SigningKeyCache()

    public init(hashing: PasswordHashing, policy: PasswordPolicy, audit: AuditTrail, keyring: SecretKeyring,
                timeouts: SessionTimeouts, mailDomain: String, tokenIssuer: String = "healthconnect", limiter: any RateLimiter = DatabaseRateLimiter(),
                lockoutPolicy: LockoutPolicy = LockoutPolicy()) {
        self.hashing = hashing
        self.policy = policy
        self.audit = audit
        self.sessions = AccountSessions(timeouts: timeouts, audit: audit)
        self.encryption = FieldEncryption(keyring: keyring)
        self.mailDomain = mailDomain
        self.limiter = limiter
        self.tokenIssuer = tokenIssuer
        self.lockout = Lockout(policy: lockoutPolicy, keyring: keyring)
        self.recoveryCodeHash = RecoveryCodeHash(keyring: keyring)
    }

    /// Validates `account`, creates it and records who did it, in one transaction.
    /// Throws `AccountError.invalid` with field-keyed messages, or `.emailTaken`.
    /// - Parameter alongside: what must happen with the account or not at all (an inquiry tied to it).
    @discardableResult
    public func create(_ account: NewAccount, by actor: AuditActor, origin: AuditOrigin = .none, on database: any Database,
                       now: Date = Date(), alongside: (@Sendable (TransactionDatabase, UserRecord) async throws -> Void)? = nil)
        async throws -> UserRecord {
        let user = try await prepare(account, now: now)
        try await database.writeTransaction { tx in
            try await insert(user, by: actor, origin: origin, on: tx)
            try await alongside?(tx, user)
        }
        return user
    }

    /// Checks `account` and hashes its password (slow, so never inside a transaction).
    func prepare(_ account: NewAccount, now: Date) async throws -> UserRecord {
        var problems: [String: String] = [:]
        let email = account.email.trimmingCharacters(in: .whitespacesAndNewlines)
        if MailAddress(address: email) == nil {
            problems["email"] = msgid("Enter an e-mail address like name@example.com.")
        }
        if let problem = passwordProblem(account.password, email: email) {
            problems["password"] = problem
        }
        let firstName = account.firstName.trimmingCharacters(in: .whitespacesAndNewlines)
        let lastName = account.lastName.trimmingCharacters(in: .whitespacesAndNewlines)
        if firstName.isEmpty || firstName.count > 100 { problems["first_name"] = msgid("Enter your first name.") }
        if lastName.count > 100 { problems["last_name"] = msgid("Use at most 100 characters.") }
        guard problems.isEmpty else { throw AccountError.invalid(ValidationFailure(problems)) }

        let user = UserRecord()
        user.id = UUID()
        user.email = email
        user.emailNormalized = EmailNormalization.normalize(email)
        user.passwordHash = try await hashing.hash(account.password)
        user.role = account.role.rawValue
        user.firstName = firstName
        user.lastName = lastName
        user.nameKey = SearchKey.name(first: firstName, last: lastName)
        user.lastNameKey = SearchKey.fold(lastName)
        user.locale = account.locale.rawValue
        user.timeZone = AccountTimeZone.validated(account.timeZone) ?? AccountTimeZone.fallback
        user.emailVerifiedAt = account.emailVerified ? now : nil
        user.passwordChangedAt = now
        user.createdAt = now
        user.updatedAt = now
        return user
    }

    /// The msgid of what is wrong with `password` for the account at `email`, or nil.
    func passwordProblem(_ password: String, email: String) -> String? {
        if let problem = policy.problem(with: password) { return problem }
        let normalized = EmailNormalization.normalize(email)
        if !normalized.isEmpty && password.lowercased().contains(normalized) {
            return msgid("Do not use your e-mail address in your password.")
        }
        return nil
    }

    /// Inserts a prepared user in the caller's transaction, with its audit event.
    func insert(_ user: UserRecord, by actor: AuditActor, origin: AuditOrigin, on tx: any Database) async throws {
        guard try await UserRecord.query(on: tx).filter(\.$emailNormalized == user.emailNormalized).count() == 0 else {
            throw AccountError.emailTaken
        }
        do {
            try await user.create(on: tx)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw AccountError.emailTaken
        }
        try await audit.append(AuditEvent(
            actor: actor, action: "account.create", resource: user.auditResource,
            origin: origin, detail: ["role": .string(user.role)]
        ), on: tx)
    }

    /// The account registered under `email` (compared after normalisation), if any.
    public func user(withEmail email: String, on database: any Database) async throws -> UserRecord? {
        try await UserRecord.query(on: database).filter(\.$emailNormalized == EmailNormalization.normalize(email)).first()
    }
}

extension UserRecord {
    public var auditResource: AuditResource { AuditResource(type: "user", id: id?.uuidString.lowercased()) }
    public var auditActor: AuditActor { .user(id?.uuidString.lowercased() ?? "") }
    public var siteLocale: SiteLocale { SiteLocale(rawValue: locale) ?? .en }
}
