import Audit
import Core
import FluentKit
import SQLKit
import Foundation

/// What the admin pages do with other people's accounts. Each function authorises its actor first.
extension Accounts {
    /// One page of the admin's account search.
    public struct AccountSearchResult: Sendable {
        public let users: [UserRecord]
        /// From 1.
        public let page: Int
        public let hasNextPage: Bool
    }

    /// Accounts whose address, full name or last name starts with `search` (folded; empty finds
    /// everyone), optionally of one role, newest first, `perPage` at a time. Two queries whatever
    /// the number of accounts: the matching ids through the search indexes, then their rows.
    public func listUsers(search: String, role: AccountRole?, page: Int = 1, perPage: Int = 50, by actor: AccessActor,
                          origin: AuditOrigin = .none, on database: any Database) async throws -> AccountSearchResult {
        try await authorize(actor, .read, .accountDirectory, origin: origin, on: database)
        guard let sql = database as? any SQLDatabase else { throw UnsupportedSearchDatabase() }
        let page = max(1, min(page, 10_000))
        let perPage = max(1, min(perPage, 200))
        var conditions: [SQLQueryString] = []
        if let role { conditions.append("role = \(bind: role.rawValue)") }
        let needle = SearchKey.fold(String(search.prefix(200)))
        if !needle.isEmpty {
            let upper = SearchKey.upperBound(needle)
            let email: SQLQueryString = sql.dialect.name == "postgresql" ? #"email_normalized COLLATE "C""# : "email_normalized"
            conditions.append("""
                ((\(email) >= \(bind: needle) AND \(email) < \(bind: upper))
                 OR (name_key >= \(bind: needle) AND name_key < \(bind: upper))
                 OR (last_name_key >= \(bind: needle) AND last_name_key < \(bind: upper)))
                """)
        }
        var query: SQLQueryString = "SELECT id FROM users"
        for (index, condition) in conditions.enumerated() {
            query = index == 0 ? "\(query) WHERE \(condition)" : "\(query) AND \(condition)"
        }
        query = "\(query) ORDER BY created_at DESC, id DESC LIMIT \(literal: perPage + 1) OFFSET \(literal: (page - 1) * perPage)"
        let ids = try await sql.raw(query).all().map { try $0.decode(column: "id", as: UUID.self) }
        let shown = Array(ids.prefix(perPage))
        guard !shown.isEmpty else { return AccountSearchResult(users: [], page: page, hasNextPage: false) }
        let records = Dictionary(uniqueKeysWithValues: try await UserRecord.query(on: database).filter(\.$id ~~ shown).all()
            .compactMap { user in user.id.map { ($0, user) } })
        return AccountSearchResult(users: shown.compactMap { records[$0] }, page: page, hasNextPage: ids.count > perPage)
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
        let invitation = try await prepareInvitation(email: email, firstName: firstName, lastName: lastName, role: role, locale: locale, now: now)
        return try await database.writeTransaction { tx in
            try await insertInvitation(invitation, by: actor.auditActor, origin: origin, on: tx, now: now)
        }
    }

    /// An account to be opened by invitation, its (unknowable) password already hashed: the
    /// slow part, done before the caller's transaction.
    public struct PreparedInvitation: Sendable {
        let user: UserRecord
    }

    public func prepareInvitation(email: String, firstName: String, lastName: String, role: AccountRole, locale: SiteLocale,
                                  timeZone: String? = nil, now: Date = Date()) async throws -> PreparedInvitation {
        // Nobody knows this password; the invitation link replaces it.
        let account = NewAccount(email: email, password: SecureToken.generate(), firstName: firstName, lastName: lastName,
                                 locale: locale, role: role, timeZone: timeZone)
        return PreparedInvitation(user: try await prepare(account, now: now))
    }

    /// Opens the prepared account and mails its invitation (staff: to their staff account; a
    /// patient: to the portal, where their case is), in the caller's transaction. The caller has
    /// authorised what the account is opened for (the account directory, or a patient's case).
    public func insertInvitation(_ invitation: PreparedInvitation, by actor: AuditActor, origin: AuditOrigin, on tx: any Database,
                                 now: Date = Date()) async throws -> UserRecord {
        let user = invitation.user
        try await insert(user, by: actor, origin: origin, on: tx)
        let token = try await AccountTokens.issue(.invitation, for: user, on: tx, now: now)
        try await sendMail(user.accountRole == .patient ? .patientInvitation : .invitation, to: user, token: token, on: tx)
        return user
    }
}
