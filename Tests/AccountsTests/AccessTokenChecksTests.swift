@testable import Accounts
@testable import App
import Core
import FluentKit
import Foundation
import JWTKit
import Testing
import TestSupport
import Vapor
import VaporTesting

@Suite("Access tokens: issuer, time claims, families, key ids")
struct AccessTokenChecksTests {
    /// A payload as `issueTokens` would make it for `family`, for tests to bend one claim of.
    static func payload(_ user: UserRecord, family: UUID, issuer: String, issuedAt: Date) throws -> AccessTokenPayload {
        AccessTokenPayload(iss: IssuerClaim(value: issuer), sub: SubjectClaim(value: try user.requireID().uuidString.lowercased()),
                           aud: AudienceClaim(value: [AccessTokenPayload.audience]), iat: IssuedAtClaim(value: issuedAt),
                           nbf: NotBeforeClaim(value: issuedAt), exp: ExpirationClaim(value: issuedAt.addingTimeInterval(AccessTokenPayload.lifetime)),
                           jti: IDClaim(value: UUID().uuidString), fam: family.uuidString.lowercased(), role: user.role, mfa: false)
    }

    @Test("a fresh installation publishes its signing key before any token is signed, and signs with that key",
          arguments: TestDatabase.allCases)
    func jwksFromTheStart(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let jwks = try await app.testing().sendRequest(.GET, "/.well-known/jwks.json")
            let set = try #require(try JSONSerialization.jsonObject(with: Data(jwks.text.utf8)) as? [String: [[String: String]]])
            let keys = try #require(set["keys"])
            #expect(keys.count == 1 && keys[0]["crv"] == "Ed25519")
            let user = try await AccountFlowTests.verifiedUser(app)
            let token = try APITokenTests.decode(try await APITokenTests.token(app, user.email)).access_token
            #expect(Accounts.keyID(ofToken: token) == keys[0]["kid"])
            let again = try await app.testing().sendRequest(.GET, "/.well-known/jwks.json")
            #expect(again.text == jwks.text, "no second key")
        }
    }

    @Test("a token from another issuer, one not yet valid, and one of an expired family are refused", arguments: TestDatabase.allCases)
    func claims(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let accounts = app.accounts
            let user = try await AccountFlowTests.verifiedUser(app)
            let issued = try await accounts.issueTokens(email: user.email, password: AccountFlowTests.password, code: nil, origin: .none, on: app.db)
            let principal = try await accounts.authenticate(accessToken: issued.accessToken, on: app.db)
            let now = Date()

            let elsewhere = try await accounts.signAccessToken(
                try Self.payload(user, family: principal.familyID, issuer: "https://other.example", issuedAt: now), on: app.db, now: now)
            let future = try await accounts.signAccessToken(
                try Self.payload(user, family: principal.familyID, issuer: accounts.tokenIssuer, issuedAt: now.addingTimeInterval(120)),
                on: app.db, now: now)
            let skewed = try await accounts.signAccessToken(
                try Self.payload(user, family: principal.familyID, issuer: accounts.tokenIssuer, issuedAt: now.addingTimeInterval(10)),
                on: app.db, now: now)
            for token in [elsewhere, future] {
                await #expect(throws: AccountError.invalidToken) { _ = try await accounts.authenticate(accessToken: token, on: app.db, now: now) }
            }
            #expect(try await accounts.authenticate(accessToken: skewed, on: app.db, now: now).user.id == user.id, "within the leeway")

            try await TokenFamilyRecord.query(on: app.db).filter(\.$id == principal.familyID).set(\.$expiresAt, to: now.addingTimeInterval(-1)).update()
            await #expect(throws: AccountError.invalidToken) {
                _ = try await accounts.authenticate(accessToken: issued.accessToken, on: app.db, now: now)
            }
        }
    }

    @Test("tokens naming unknown key ids reload the keys at most once per 10 seconds")
    func unknownKidFlood() async throws {
        try await withTestApp { app in
            let accounts = app.accounts
            let user = try await AccountFlowTests.verifiedUser(app)
            let good = try await accounts.issueTokens(email: user.email, password: AccountFlowTests.password, code: nil, origin: .none, on: app.db)
            let parts = good.accessToken.split(separator: ".").map(String.init)
            let now = Date()
            _ = try await accounts.authenticate(accessToken: good.accessToken, on: app.db, now: now)
            let before = accounts.signingCache.state.withLock { $0.loads }
            let db = app.db
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<200 {
                    let header = SecureToken.base64URL(Data(#"{"alg":"EdDSA","typ":"JWT","kid":"made-up-\#(index)"}"#.utf8))
                    group.addTask {
                        await #expect(throws: AccountError.invalidToken) {
                            _ = try await accounts.authenticate(accessToken: header + "." + parts[1] + "." + parts[2], on: db,
                                                                now: now.addingTimeInterval(Double(index % 5)))
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(accounts.signingCache.state.withLock { $0.loads } - before == 1)
            let later = SecureToken.base64URL(Data(#"{"alg":"EdDSA","typ":"JWT","kid":"made-up-later"}"#.utf8))
            _ = try? await accounts.authenticate(accessToken: later + "." + parts[1] + "." + parts[2], on: db, now: now.addingTimeInterval(11))
            #expect(accounts.signingCache.state.withLock { $0.loads } - before == 2, "after ten seconds, one more")
        }
    }
}
