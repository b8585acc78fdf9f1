import Audit
import Core
import FluentKit
import Foundation

/// Opening accounts. Faces (the sign-up page, the admin, `create-admin`) call this; none of them
/// writes a user row itself.
public struct Accounts: Sendable {
    public let hashing: PasswordHashing
    public let policy: PasswordPolicy
    public let audit: AuditTrail

    public init(hashing: PasswordHashing, policy: PasswordPolicy, audit: AuditTrail) {
        self.hashing = hashing
        self.policy = policy
        self.audit = audit
    }

    /// Validates `account`, creates it and records who did it, in one transaction.
    /// Throws `AccountError.invalid` with field-keyed messages, or `.emailTaken`.
    @discardableResult
    public func create(_ account: NewAccount, by actor: AuditActor, origin: AuditOrigin = .none,
                       on database: any Database, now: Date = Date()) async throws -> UserRecord {
        var problems: [String: String] = [:]
        let email = account.email.trimmingCharacters(in: .whitespacesAndNewlines)
        if MailAddress(address: email) == nil {
            problems["email"] = msgid("Enter an e-mail address like name@example.com.")
        }
        if let problem = policy.problem(with: account.password) {
            problems["password"] = problem
        } else if account.password.lowercased().contains(EmailNormalization.normalize(email)) && !email.isEmpty {
            problems["password"] = msgid("Do not use your e-mail address in your password.")
        }
        let firstName = account.firstName.trimmingCharacters(in: .whitespacesAndNewlines)
        let lastName = account.lastName.trimmingCharacters(in: .whitespacesAndNewlines)
        if firstName.isEmpty || firstName.count > 100 { problems["first_name"] = msgid("Enter your first name.") }
        if lastName.count > 100 { problems["last_name"] = msgid("Use at most 100 characters.") }
        guard problems.isEmpty else { throw AccountError.invalid(ValidationFailure(problems)) }

        let normalized = EmailNormalization.normalize(email)
        let passwordHash = try hashing.hash(account.password)
        let user = UserRecord()
        user.id = UUID()
        user.email = email
        user.emailNormalized = normalized
        user.passwordHash = passwordHash
        user.role = account.role.rawValue
        user.firstName = firstName
        user.lastName = lastName
        user.locale = account.locale.rawValue
        user.emailVerifiedAt = account.emailVerified ? now : nil
        user.passwordChangedAt = now
        user.createdAt = now
        user.updatedAt = now

        try await database.transaction { tx in
            guard try await UserRecord.query(on: tx).filter(\.$emailNormalized == normalized).count() == 0 else {
                throw AccountError.emailTaken
            }
            do {
                try await user.create(on: tx)
            } catch let error as any DatabaseError where error.isConstraintFailure {
                throw AccountError.emailTaken
            }
            try await audit.append(AuditEvent(
                actor: actor, action: "account.create", resource: AuditResource(type: "user", id: user.id?.uuidString.lowercased()),
                origin: origin, detail: ["role": .string(account.role.rawValue)]
            ), on: tx)
        }
        return user
    }
}
