import Audit
import Core
import FluentKit
import Foundation
import JWTKit

/// What the token endpoint hands out.
public struct TokenPair: Sendable, Equatable {
    public let accessToken: String
    public let expiresIn: Int
    public let refreshToken: String
}

/// The account behind a valid access token.
public struct APIPrincipal: Sendable {
    public let user: UserRecord
    public let familyID: UUID
    public let secondFactor: Bool

    public var accessActor: AccessActor {
        .user(id: user.id ?? UUID(), role: user.accountRole, secondFactor: secondFactor)
    }
}

extension Accounts {
    /// How long an API sign-in lasts without a new password, however often it is refreshed.
    static let tokenFamilyLifetime: TimeInterval = 30 * 86_400

    /// `POST /api/v1/auth/token` with a password: the same checks as the sign-in page (rate limits,
    /// lockout, verified address, TOTP code when enabled), then a new token family.
    public func issueTokens(email: String, password: String, code: String?, origin: AuditOrigin,
                            on database: any Database, now: Date = Date()) async throws -> TokenPair {
        guard case .passed(let user, let twoFactor) = try await checkCredentials(email: email, password: password, origin: origin,
                                                                                  on: database, now: now) else {
            throw AccountError.invalidCredentials
        }
        if twoFactor {
            guard let code, try await checkSignInCode(user, code: code, origin: origin, on: database, now: now) else {
                throw AccountError.invalidCredentials
            }
        }
        let family = TokenFamilyRecord()
        family.id = UUID()
        family.userID = try user.requireID()
        family.createdAt = now
        family.lastUsedAt = now
        family.expiresAt = now.addingTimeInterval(Self.tokenFamilyLifetime)
        family.secondFactor = twoFactor
        family.clientIP = origin.clientIP
        family.userAgent = origin.userAgent.map { String($0.prefix(300)) }
        let refresh = try await database.writeTransaction { tx in
            try await family.create(on: tx)
            let refresh = try await newRefreshToken(in: family, on: tx, now: now)
            try await audit.append(AuditEvent(actor: user.auditActor, action: "token.issue", resource: user.auditResource, origin: origin,
                                              detail: ["family": .string(family.id?.uuidString.lowercased() ?? ""),
                                                       "second_factor": .bool(twoFactor)]), on: tx)
            return refresh
        }
        return TokenPair(accessToken: try await accessToken(for: user, family: family, on: database, now: now),
                         expiresIn: Int(AccessTokenPayload.lifetime), refreshToken: refresh)
    }

    /// The account's API sign-ins that still work, the most recently used first.
    public func liveTokenFamilies(of userID: UUID, on database: any Database, now: Date = Date()) async throws -> [TokenFamilyRecord] {
        try await TokenFamilyRecord.query(on: database).filter(\.$userID == userID).filter(\.$revokedAt == nil)
            .filter(\.$expiresAt > now).sort(\.$lastUsedAt, .descending).all()
    }

    /// Ends one of the account's own API sign-ins from the sessions page. False when `familyID`
    /// is not a live one of `userID`.
    @discardableResult
    public func endTokenFamily(_ familyID: UUID, of userID: UUID, by actor: AuditActor, origin: AuditOrigin,
                               on database: any Database, now: Date = Date()) async throws -> Bool {
        try await database.writeTransaction { tx in
            guard try await revokeFamily(familyID, of: userID, reason: "ended-by-user", on: tx, now: now) else { return false }
            try await audit.append(AuditEvent(actor: actor, action: "token.revoke", resource: AuditResource(type: "user", id: userID.uuidString.lowercased()),
                                              origin: origin, detail: ["family": .string(familyID.uuidString.lowercased())]), on: tx)
            return true
        }
    }

    /// The account behind `token`: a valid signature by a published key, unexpired, for this API,
    /// issued by us and not in the future, from a family neither revoked nor expired, of an
    /// account not disabled.
    public func authenticate(accessToken token: String, on database: any Database, now: Date = Date()) async throws -> APIPrincipal {
        let payload: AccessTokenPayload
        do {
            let kid = Self.keyID(ofToken: token)
            payload = try await signingKeys(on: database, now: now, needing: kid).keys.verify(token, as: AccessTokenPayload.self)
        } catch {
            throw AccountError.invalidToken
        }
        guard payload.isValid(issuer: tokenIssuer, at: now), let familyID = UUID(uuidString: payload.fam), let userID = UUID(uuidString: payload.sub.value),
              let family = try await TokenFamilyRecord.find(familyID, on: database), family.revokedAt == nil, family.expiresAt > now, family.userID == userID,
              let user = try await UserRecord.find(userID, on: database), user.disabledAt == nil else {
            throw AccountError.invalidToken
        }
        return APIPrincipal(user: user, familyID: familyID, secondFactor: family.secondFactor)
    }

    /// The `kid` in a JWT's header, read without trusting anything else in it.
    static func keyID(ofToken token: String) -> String? {
        guard let header = token.split(separator: ".", maxSplits: 1).first, header.count < 1000,
              let data = FieldEncryption.decodeBase64URL(header),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        return object["kid"] as? String
    }

    func newRefreshToken(in family: TokenFamilyRecord, on tx: any Database, now: Date) async throws -> String {
        let token = SecureToken.generate()
        let record = RefreshTokenRecord()
        record.id = UUID()
        record.familyID = try family.requireID()
        record.tokenHash = SecureToken.hash(token)
        record.createdAt = now
        try await record.create(on: tx)
        return token
    }

    func accessToken(for user: UserRecord, family: TokenFamilyRecord, on database: any Database, now: Date) async throws -> String {
        let payload = AccessTokenPayload(
            iss: IssuerClaim(value: tokenIssuer),
            sub: SubjectClaim(value: try user.requireID().uuidString.lowercased()), aud: AudienceClaim(value: [AccessTokenPayload.audience]),
            iat: IssuedAtClaim(value: now), nbf: NotBeforeClaim(value: now), exp: ExpirationClaim(value: now.addingTimeInterval(AccessTokenPayload.lifetime)),
            jti: IDClaim(value: UUID().uuidString.lowercased()), fam: try family.requireID().uuidString.lowercased(),
            role: user.role, mfa: family.secondFactor
        )
        return try await signAccessToken(payload, on: database, now: now)
    }
}
