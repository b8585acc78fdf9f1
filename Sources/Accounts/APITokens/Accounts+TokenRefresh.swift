import Audit
import Core
import FluentKit
import Foundation

extension Accounts {
    private enum RefreshOutcome {
        case rotated(UserRecord, TokenFamilyRecord, String)
        case reused
        case invalid
    }

    /// `POST /api/v1/auth/token` with a refresh token: a new pair, and the old refresh token is
    /// spent. A spent token shown again means someone copied it: the whole family is revoked.
    ///
    /// The token is spent by one conditional write, so of any number of requests presenting it at
    /// once exactly one gets a new pair; the others count as reuse and revoke the family, which
    /// takes that one new pair with it: the server cannot tell the app from the copy.
    public func refreshTokens(_ refreshToken: String, origin: AuditOrigin, on database: any Database,
                              now: Date = Date()) async throws -> TokenPair {
        try await limit(.apiTokenPerIP, Self.networkKey(origin.clientIP), on: database, now: now)
        guard SecureToken.isWellFormed(refreshToken) else { throw AccountError.invalidToken }
        let hash = SecureToken.hash(refreshToken)
        let outcome: RefreshOutcome = try await database.writeTransaction { tx in
            let spent = try await tx.raw("""
                UPDATE refresh_tokens SET used_at = \(bind: now) WHERE token_hash = \(bind: hash) AND used_at IS NULL RETURNING family_id
                """).first()
            guard let spent else {
                guard let record = try await RefreshTokenRecord.query(on: tx).filter(\.$tokenHash == hash).first() else { return .invalid }
                try await revokeForReuse(record.familyID, origin: origin, on: tx, now: now)
                return .reused
            }
            let familyID = try spent.decode(column: "family_id", as: UUID.self)
            guard let family = try await TokenFamilyRecord.find(familyID, on: tx) else { return .invalid }
            guard family.revokedAt == nil else {
                try await revokeForReuse(familyID, origin: origin, on: tx, now: now)
                return .reused
            }
            guard family.expiresAt > now, let user = try await UserRecord.find(family.userID, on: tx), user.disabledAt == nil else {
                return .invalid
            }
            family.lastUsedAt = now
            try await family.save(on: tx)
            return .rotated(user, family, try await newRefreshToken(in: family, on: tx, now: now))
        }
        switch outcome {
        case .invalid, .reused:
            throw AccountError.invalidToken
        case .rotated(let user, let family, let refresh):
            return TokenPair(accessToken: try await accessToken(for: user, family: family, on: database, now: now),
                             expiresIn: Int(AccessTokenPayload.lifetime), refreshToken: refresh)
        }
    }

    /// A spent refresh token came back: the family ends, audited by whichever request ended it.
    private func revokeForReuse(_ familyID: UUID, origin: AuditOrigin, on tx: TransactionDatabase, now: Date) async throws {
        guard try await revokeFamily(familyID, reason: "reuse", on: tx, now: now),
              let family = try await TokenFamilyRecord.find(familyID, on: tx) else { return }
        try await audit.append(AuditEvent(actor: .anonymous, action: "token.reuse_detected",
                                          resource: AuditResource(type: "user", id: family.userID.uuidString.lowercased()),
                                          outcome: .denied, origin: origin,
                                          detail: ["family": .string(familyID.uuidString.lowercased())]), on: tx)
    }

    /// `POST /api/v1/auth/revoke`: ends the refresh token's family (and so its access tokens).
    /// Unknown tokens are ignored, as RFC 7009 asks.
    public func revokeTokens(_ refreshToken: String, origin: AuditOrigin, on database: any Database, now: Date = Date()) async throws {
        try await limit(.apiTokenPerIP, Self.networkKey(origin.clientIP), on: database, now: now)
        guard SecureToken.isWellFormed(refreshToken) else { return }
        try await database.writeTransaction { tx in
            guard let record = try await RefreshTokenRecord.query(on: tx).filter(\.$tokenHash == SecureToken.hash(refreshToken)).first(),
                  let family = try await TokenFamilyRecord.find(record.familyID, on: tx),
                  try await revokeFamily(record.familyID, reason: "revoked", on: tx, now: now) else { return }
            try await audit.append(AuditEvent(actor: .user(family.userID.uuidString.lowercased()), action: "token.revoke",
                                              resource: AuditResource(type: "user", id: family.userID.uuidString.lowercased()),
                                              origin: origin, detail: ["family": .string(record.familyID.uuidString.lowercased())]), on: tx)
        }
    }
}
