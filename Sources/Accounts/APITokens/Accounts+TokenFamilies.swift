import Core
import FluentKit
import Foundation
import SQLKit

extension Accounts {
    /// Revokes one token family (of `userID`, when given) unless it already is; true only for the
    /// call that revoked it, so of several requests racing to revoke the same family exactly one
    /// audits it.
    func revokeFamily(_ familyID: UUID, of userID: UUID? = nil, reason: String, on tx: TransactionDatabase, now: Date) async throws -> Bool {
        var owner: SQLQueryString = ""
        if let userID { owner = "AND user_id = \(bind: userID)" }
        let revoked = try await tx.raw("""
            UPDATE token_families SET revoked_at = \(bind: now), revoke_reason = \(bind: reason)
            WHERE id = \(bind: familyID) \(owner) AND revoked_at IS NULL RETURNING id
            """).all()
        return !revoked.isEmpty
    }

    /// Revokes every live API sign-in of the account (a password reset, a disabled account, "sign
    /// out everywhere"); returns how many.
    func revokeAllFamilies(of userID: UUID, reason: String, on tx: TransactionDatabase, now: Date) async throws -> Int {
        let revoked = try await tx.raw("""
            UPDATE token_families SET revoked_at = \(bind: now), revoke_reason = \(bind: reason)
            WHERE user_id = \(bind: userID) AND revoked_at IS NULL RETURNING id
            """).all()
        return revoked.count
    }
}
