import Core
import Crypto
import FluentKit
import Foundation

/// What a link token lets its holder do.
public enum TokenPurpose: String, Sendable {
    case verifyEmail = "verify-email"
    case resetPassword = "reset-password"
    /// Staff invited by an admin choose their first password with it (and so confirm the address).
    case invitation
    /// Confirms a new address before it replaces the old one.
    case changeEmail = "change-email"

    /// Reset links are short-lived: one in a forgotten mailbox is a key to the account.
    var lifetime: TimeInterval {
        switch self {
        case .verifyEmail: 48 * 3600
        case .resetPassword: 3600
        case .invitation: 7 * 86_400
        case .changeEmail: 24 * 3600
        }
    }
}

/// Single-use, expiring link tokens, stored as SHA-256 hashes and bound to the account's password
/// hash and address at the time of issue.
enum AccountTokens {
    /// A new token for `user`. Earlier unused tokens of the same purpose die with it, so only the
    /// newest link works, except reset links: anyone may ask for a reset of any address, and a
    /// stranger's request must not kill the link the owner is about to open. Each reset link still
    /// works once and for an hour, and using one changes the password, which kills the others.
    static func issue(_ purpose: TokenPurpose, for user: UserRecord, newEmail: String? = nil, on database: any Database,
                      now: Date) async throws -> String {
        let userID = try user.requireID()
        if purpose != .resetPassword {
            try await AccountTokenRecord.query(on: database)
                .filter(\.$userID == userID).filter(\.$purpose == purpose.rawValue).filter(\.$usedAt == nil)
                .set(\.$usedAt, to: now).update()
        }
        let token = SecureToken.generate()
        let record = AccountTokenRecord()
        record.id = UUID()
        record.userID = userID
        record.purpose = purpose.rawValue
        record.tokenHash = SecureToken.hash(token)
        record.binding = binding(purpose, user)
        record.newEmail = newEmail
        record.createdAt = now
        record.expiresAt = now.addingTimeInterval(purpose.lifetime)
        try await record.create(on: database)
        return token
    }

    /// The account `token` was issued to, if it is well formed, unused, unexpired and the account
    /// has not changed its password or address since. Does not use the token up.
    static func check(_ token: String, _ purpose: TokenPurpose, on database: any Database, now: Date) async throws -> (AccountTokenRecord, UserRecord)? {
        guard SecureToken.isWellFormed(token) else { return nil }
        // The lookup is by hash, so its timing reveals nothing useful about stored tokens.
        guard let record = try await AccountTokenRecord.query(on: database)
            .filter(\.$tokenHash == SecureToken.hash(token)).filter(\.$purpose == purpose.rawValue).first(),
            record.usedAt == nil, record.expiresAt > now,
            let user = try await UserRecord.find(record.userID, on: database), user.disabledAt == nil,
            ConstantTime.equals(Array(record.binding.utf8), Array(binding(purpose, user).utf8)) else {
            return nil
        }
        return (record, user)
    }

    /// Uses `token` up, in the caller's transaction; nil when `check` would say no or another
    /// request used it first.
    static func consume(_ token: String, _ purpose: TokenPurpose, on database: any Database, now: Date) async throws -> UserRecord? {
        try await consumeRecord(token, purpose, on: database, now: now)?.1
    }

    /// `consume`, with the token's record (an address change needs its new address).
    static func consumeRecord(_ token: String, _ purpose: TokenPurpose, on database: any Database, now: Date) async throws -> (AccountTokenRecord, UserRecord)? {
        guard let (record, user) = try await check(token, purpose, on: database, now: now) else { return nil }
        guard let sql = database as? TransactionDatabase else { throw UnsupportedDatabase() }
        let used = try await sql.raw("""
            UPDATE account_tokens SET used_at = \(bind: now) WHERE id = \(bind: try record.requireID()) AND used_at IS NULL RETURNING id
            """).all()
        return used.isEmpty ? nil : (record, user)
    }

    static func binding(_ purpose: TokenPurpose, _ user: UserRecord) -> String {
        let material = [purpose.rawValue, user.passwordHash, user.emailNormalized].joined(separator: "\n")
        return SHA256.hash(data: Data(material.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
