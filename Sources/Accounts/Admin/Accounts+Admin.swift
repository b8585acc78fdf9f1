import Audit
import Core
import FluentKit
import Foundation

/// What the admin pages do with other people's accounts. Each function authorises its actor first.
extension Accounts {
    /// Accounts whose name or address contains `search` (case-insensitive), optionally of one role,
    /// newest first, at most `limit`.
    public func listUsers(search: String, role: AccountRole?, limit: Int = 100, by actor: AccessActor, origin: AuditOrigin = .none,
                          on database: any Database) async throws -> [UserRecord] {
        try await authorize(actor, .read, .accountDirectory, origin: origin, on: database)
        var query = UserRecord.query(on: database).sort(\.$createdAt, .descending).limit(limit)
        if let role { query = query.filter(\.$role == role.rawValue) }
        let needle = search.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !needle.isEmpty else { return try await query.all() }
        // Folded in Swift, not SQL: SQLite's LIKE folds ASCII only, and names are Arabic, Persian, Russian.
        let folded = EmailNormalization.normalize(needle)
        return try await UserRecord.query(on: database).sort(\.$createdAt, .descending).all().filter { user in
            (role == nil || user.role == role?.rawValue) &&
                [user.emailNormalized, user.firstName, user.lastName].contains { EmailNormalization.normalize($0).contains(folded) }
        }.prefix(limit).map { $0 }
    }

    /// One account for the admin's detail page.
    public func adminView(of userID: UUID, by actor: AccessActor, origin: AuditOrigin = .none,
                          on database: any Database) async throws -> (UserRecord, [AccessGrantRecord]) {
        try await authorize(actor, .read, .account(userID: userID), origin: origin, on: database)
        guard let user = try await UserRecord.find(userID, on: database) else { throw AccountError.notFound }
        let grants = try await AccessGrantRecord.query(on: database).filter(\.$userID == userID).filter(\.$revokedAt == nil)
            .sort(\.$createdAt).all()
        return (user, grants)
    }

    /// Changes an account's role. An admin cannot demote themselves (the last admin would lock everyone out).
    public func changeRole(of userID: UUID, to role: AccountRole, by actor: AccessActor, origin: AuditOrigin = .none,
                           on database: any Database, now: Date = Date()) async throws {
        try await authorize(actor, .write, .account(userID: userID), origin: origin, on: database)
        if case .user(let id, _, _) = actor, id == userID { throw AccountError.invalid(ValidationFailure(["role": msgid("You cannot change your own role.")])) }
        try await database.writeTransaction { tx in
            guard let user = try await UserRecord.find(userID, on: tx) else { throw AccountError.notFound }
            let old = user.role
            guard old != role.rawValue else { return }
            user.role = role.rawValue
            user.updatedAt = now
            try await user.save(on: tx)
            try await audit.append(AuditEvent(actor: actor.auditActor, action: "account.role_change", resource: user.auditResource,
                                              origin: origin, detail: ["from": .string(old), "to": .string(role.rawValue)]), on: tx)
        }
    }

    /// Disables an account (every session and API sign-in ends at once) or enables it again.
    public func setDisabled(_ disabled: Bool, userID: UUID, by actor: AccessActor, origin: AuditOrigin = .none,
                            on database: any Database, now: Date = Date()) async throws {
        try await authorize(actor, .write, .account(userID: userID), origin: origin, on: database)
        if case .user(let id, _, _) = actor, id == userID { throw AccountError.invalid(ValidationFailure(["disabled": msgid("You cannot disable your own account.")])) }
        try await database.writeTransaction { tx in
            guard let user = try await UserRecord.find(userID, on: tx) else { throw AccountError.notFound }
            guard (user.disabledAt != nil) != disabled else { return }
            user.disabledAt = disabled ? now : nil
            user.updatedAt = now
            try await user.save(on: tx)
            var detail: [String: JSONValue] = [:]
            if disabled {
                detail["sessions_ended"] = .int(Int64(try await sessions.endAll(of: userID, reason: .accountDisabled, on: tx, now: now)))
                let revoked = try await revokeAllFamilies(of: userID, reason: "account-disabled", on: tx, now: now)
                detail["token_families_revoked"] = .int(Int64(revoked))
            }
            try await audit.append(AuditEvent(actor: actor.auditActor, action: disabled ? "account.disable" : "account.enable",
                                              resource: user.auditResource, origin: origin, detail: detail), on: tx)
        }
    }

    /// Opens a staff account and mails an invitation to choose a password (valid for a week).
    @discardableResult
    public func invite(email: String, firstName: String, lastName: String, role: AccountRole, locale: SiteLocale,
                       by actor: AccessActor, origin: AuditOrigin = .none, on database: any Database, now: Date = Date()) async throws -> UserRecord {
        try await authorize(actor, .write, .accountDirectory, origin: origin, on: database)
        // Nobody knows this password; the invitation link replaces it.
        let account = NewAccount(email: email, password: SecureToken.generate(), firstName: firstName, lastName: lastName,
                                 locale: locale, role: role)
        let user = try await prepare(account, now: now)
        try await database.writeTransaction { tx in
            try await insert(user, by: actor.auditActor, origin: origin, on: tx)
            let token = try await AccountTokens.issue(.invitation, for: user, on: tx, now: now)
            try await sendMail(.invitation, to: user, token: token, on: tx)
        }
        return user
    }
}
