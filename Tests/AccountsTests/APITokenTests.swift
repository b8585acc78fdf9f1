@testable import Accounts
@testable import App
import Audit
import Core
import Crypto
import FluentKit
import Foundation
import Testing
import TestSupport
import Vapor
import VaporTesting

@Suite("API tokens: JWT access tokens, rotating refresh tokens, JWKS")
struct APITokenTests {
    struct Tokens: Decodable {
        let access_token: String
        let token_type: String
        let expires_in: Int
        let refresh_token: String
    }

    static func post(_ app: Application, _ path: String, json: String) async throws -> TestingHTTPResponse {
        try await app.testing().sendRequest(.POST, path, headers: ["Content-Type": "application/json"], body: ByteBuffer(string: json))
    }

    static func token(_ app: Application, _ email: String, _ password: String = AccountFlowTests.password, code: String? = nil) async throws -> TestingHTTPResponse {
        let codePart = code.map { #","totp_code":"\#($0)""# } ?? ""
        return try await post(app, "/api/v1/auth/token", json: #"{"grant_type":"password","email":"\#(email)","password":"\#(password)"\#(codePart)}"#)
    }

    static func me(_ app: Application, _ accessToken: String) async throws -> TestingHTTPResponse {
        try await app.testing().sendRequest(.GET, "/api/v1/me", headers: ["Authorization": "Bearer \(accessToken)"])
    }

    static func object(_ response: TestingHTTPResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any])
    }

    static func decode(_ response: TestingHTTPResponse) throws -> Tokens {
        try JSONDecoder().decode(Tokens.self, from: Data(response.text.utf8))
    }

    @Test("password → access token (EdDSA, kid, 15 min) → /me; refresh rotates; a spent refresh token revokes the family",
          arguments: TestDatabase.allCases)
    func rotationAndReuse(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let user = try await AccountFlowTests.verifiedUser(app)
            let issued = try await Self.token(app, user.email)
            #expect(issued.status == .ok && issued.headers.first(name: .cacheControl) == "no-store")
            let first = try Self.decode(issued)
            #expect(first.token_type == "Bearer" && first.expires_in == 900)
            let header = try #require(FieldEncryption.decodeBase64URL(first.access_token.split(separator: ".")[0]))
            let fields = try #require(try JSONSerialization.jsonObject(with: header) as? [String: Any])
            #expect(fields["alg"] as? String == "EdDSA")
            let kid = try #require(fields["kid"] as? String)

            let me = try await Self.me(app, first.access_token)
            #expect(me.status == .ok)
            let account = try Self.object(me)
            #expect(account["email"] as? String == user.email && account["role"] as? String == "patient")
            let anonymous = try await app.testing().sendRequest(.GET, "/api/v1/me")
            #expect(anonymous.status == .unauthorized && anonymous.headers.contentType?.subType == "problem+json")

            let jwks = try await app.testing().sendRequest(.GET, "/.well-known/jwks.json")
            #expect(jwks.status == .ok && jwks.text.contains(#""kid":"\#(kid)""#) && jwks.text.contains(#""crv":"Ed25519""#))
            #expect(!jwks.text.contains("\"d\""), "never the private key")

            let refreshed = try await Self.post(app, "/api/v1/auth/token", json: #"{"grant_type":"refresh_token","refresh_token":"\#(first.refresh_token)"}"#)
            #expect(refreshed.status == .ok)
            let second = try Self.decode(refreshed)
            #expect(second.refresh_token != first.refresh_token)
            #expect(try await Self.me(app, second.access_token).status == .ok)

            // The first refresh token again: stolen. Everything of this sign-in dies.
            let replay = try await Self.post(app, "/api/v1/auth/token", json: #"{"grant_type":"refresh_token","refresh_token":"\#(first.refresh_token)"}"#)
            #expect(replay.status == .unauthorized)
            #expect(try await Self.me(app, second.access_token).status == .unauthorized)
            let afterReuse = try await Self.post(app, "/api/v1/auth/token", json: #"{"grant_type":"refresh_token","refresh_token":"\#(second.refresh_token)"}"#)
            #expect(afterReuse.status == .unauthorized)
            let actions = try await AuditTrail.latest(50, on: app.db).map(\.action)
            #expect(actions.contains("token.issue") && actions.contains("token.reuse_detected"))
        }
    }

    @Test("revoke ends the sign-in; a disabled account's tokens stop at once", arguments: TestDatabase.allCases)
    func revokeAndDisable(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let user = try await AccountFlowTests.verifiedUser(app)
            let one = try Self.decode(try await Self.token(app, user.email))
            let revoked = try await Self.post(app, "/api/v1/auth/revoke", json: #"{"token":"\#(one.refresh_token)"}"#)
            #expect(revoked.status == .noContent)
            #expect(try await Self.me(app, one.access_token).status == .unauthorized)
            #expect(try await Self.post(app, "/api/v1/auth/revoke", json: #"{"token":"unknown"}"#).status == .noContent)

            let two = try Self.decode(try await Self.token(app, user.email))
            user.disabledAt = Date()
            try await user.save(on: app.db)
            #expect(try await Self.me(app, two.access_token).status == .unauthorized)
        }
    }

    @Test("after a key rotation old tokens still verify; the old key leaves the JWKS once its tokens have expired")
    func keyRotation() async throws {
        try await withTestApp { app in
            let user = try await AccountFlowTests.verifiedUser(app)
            let old = try Self.decode(try await Self.token(app, user.email))
            let oldKid = try #require(Accounts.keyID(ofToken: old.access_token))
            let newKid = try await app.accounts.rotateSigningKey(by: .operator("test"), on: app.db)
            #expect(try await Self.me(app, old.access_token).status == .ok)
            let fresh = try Self.decode(try await Self.token(app, user.email))
            #expect(Accounts.keyID(ofToken: fresh.access_token) == newKid)
            let now = try await app.accounts.jwks(on: app.db)
            #expect(now.contains(oldKid) && now.contains(newKid))
            let later = try await app.accounts.jwks(on: app.db, now: Date().addingTimeInterval(20 * 60))
            #expect(!later.contains(oldKid) && later.contains(newKid))
        }
    }

    @Test("forged, tampered and expired tokens are refused")
    func forgeries() async throws {
        try await withTestApp { app in
            let user = try await AccountFlowTests.verifiedUser(app)
            let good = try Self.decode(try await Self.token(app, user.email)).access_token
            let parts = good.split(separator: ".").map(String.init)
            let unsigned = parts[0] + "." + parts[1] + "."
            let noneHeader = SecureToken.base64URL(Data(#"{"alg":"none","typ":"JWT"}"#.utf8))
            for token in [unsigned, noneHeader + "." + parts[1] + ".", parts[0] + "." + parts[1] + "." + String(parts[2].reversed()), "garbage", ""] {
                #expect(try await Self.me(app, token).status == .unauthorized, "\(token.prefix(20))")
            }
            let valid = try await app.accounts.authenticate(accessToken: good, on: app.db, now: Date())
            #expect(valid.user.id == user.id)
            await #expect(throws: AccountError.invalidToken) {
                _ = try await app.accounts.authenticate(accessToken: good, on: app.db, now: Date().addingTimeInterval(16 * 60))
            }
        }
    }

    @Test("with two-step sign-in on, the API wants a code too; wrong ones count towards lockout", arguments: TestDatabase.allCases)
    func totpAtTheAPI(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let user = try await AccountFlowTests.verifiedUser(app)
            let enrolment = try await app.accounts.beginTOTPEnrolment(for: user, on: app.db)
            let secret = try #require(Base32.decode(enrolment.secret))
            let now = Date()
            _ = try await app.accounts.confirmTOTP(for: user, password: AccountFlowTests.password,
                                                   code: TOTP.code(secret: secret, step: TOTP.step(at: now) - 1), origin: .none, on: app.db)
            #expect(try await Self.token(app, user.email).status == .unauthorized)
            #expect(try await Self.token(app, user.email, code: "000000").status == .unauthorized)
            // The code of the moment it is sent: on a loaded machine the requests before can take a minute.
            let ok = try await Self.token(app, user.email, code: TOTP.code(secret: secret, step: TOTP.step(at: Date())))
            #expect(ok.status == .ok)
            let account = try Self.object(try await Self.me(app, try Self.decode(ok).access_token))
            #expect(account["two_factor"] as? Bool == true)
        }
    }

    @Test("bad requests get 400/401/415/429 problem documents, never a 500")
    func badInput() async throws {
        try await withTestApp { app in
            let user = try await AccountFlowTests.verifiedUser(app)
            for body in ["{", "[]", #"{"grant_type":"magic"}"#, #"{"grant_type":"password"}"#, String(repeating: "x", count: 5000)] {
                let response = try await Self.post(app, "/api/v1/auth/token", json: body)
                #expect([400, 401, 422].contains(response.status.code), "\(body.prefix(30)) → \(response.status)")
                #expect(response.headers.contentType?.subType == "problem+json")
            }
            let text = try await app.testing().sendRequest(.POST, "/api/v1/auth/token", headers: ["Content-Type": "text/plain"],
                                                           body: ByteBuffer(string: "hello"))
            #expect(text.status.code >= 400 && text.status.code < 500)
            for _ in 0..<5 { _ = try await Self.token(app, user.email, "wrong password here") }
            let locked = try await Self.token(app, user.email)
            #expect(locked.status == .tooManyRequests && locked.headers.first(name: .retryAfter) != nil)
        }
    }

    @Test("a 401 from /me names the Bearer scheme (RFC 6750), and says when the token sent was the problem; sign-in's 401 does not")
    func bearerChallenge() async throws {
        try await withTestApp { app in
            let none = try await app.testing().sendRequest(.GET, "/api/v1/me")
            #expect(none.status == .unauthorized && none.headers.first(name: .wwwAuthenticate) == "Bearer")
            let forged = try await Self.me(app, "not.a.token")
            #expect(forged.status == .unauthorized && forged.headers.first(name: .wwwAuthenticate) == #"Bearer error="invalid_token""#)
            let signIn = try await Self.token(app, "nobody@hills.example", "wrong password here")
            #expect(signIn.status == .unauthorized && signIn.headers.first(name: .wwwAuthenticate) == nil)
        }
    }

    @Test("refresh and revoke are limited per network: 429 with Retry-After, other networks unaffected", arguments: TestDatabase.allCases)
    func refreshAndRevokeLimits(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let accounts = app.accounts
            /// Refreshes with guessed tokens from `origin` until refused; how many were answered first.
            func guessesBeforeRefusal(_ origin: AuditOrigin, at now: Date = Date()) async throws -> Int {
                for answered in 0..<100 {
                    do {
                        _ = try await accounts.refreshTokens(SecureToken.generate(), origin: origin, on: app.db, now: now)
                    } catch AccountError.invalidToken {
                        continue
                    } catch AccountError.tooManyAttempts(let retryAfter) {
                        #expect(retryAfter > 0)
                        return answered
                    }
                }
                return 100
            }
            let now = Date()
            let attacker = ThrottlingTests.from("203.0.113.7")
            #expect(try await guessesBeforeRefusal(attacker, at: now) == 60)
            await #expect(throws: AccountError.tooManyAttempts(retryAfter: 5)) {
                try await accounts.revokeTokens(SecureToken.generate(), origin: attacker, on: app.db, now: now)
            }
            let neighbour = ThrottlingTests.from("198.51.100.20")
            try await accounts.revokeTokens(SecureToken.generate(), origin: neighbour, on: app.db, now: now)
            await #expect(throws: AccountError.invalidToken) {
                _ = try await accounts.refreshTokens(SecureToken.generate(), origin: neighbour, on: app.db, now: now)
            }

            // Over HTTP the refusal is a problem document with Retry-After. In-memory requests have
            // no client address, so they share the bucket of unknown addresses, emptied here first.
            _ = try await guessesBeforeRefusal(AuditOrigin(clientIP: nil, userAgent: nil))
            let guess = #"{"grant_type":"refresh_token","refresh_token":"\#(SecureToken.generate())"}"#
            // A slow machine refills tokens before the requests land (a loaded full run refilled more
            // than three): keep guessing until the bucket is empty again, as an attacker would.
            var refused = try await Self.post(app, "/api/v1/auth/token", json: guess)
            for _ in 0..<100 where refused.status != .tooManyRequests { refused = try await Self.post(app, "/api/v1/auth/token", json: guess) }
            #expect(refused.status == .tooManyRequests && refused.headers.first(name: .retryAfter) != nil)
            #expect(refused.headers.contentType?.subType == "problem+json")
            let revokeBody = #"{"token":"\#(SecureToken.generate())"}"#
            var revoke = try await Self.post(app, "/api/v1/auth/revoke", json: revokeBody)
            for _ in 0..<100 where revoke.status != .tooManyRequests { revoke = try await Self.post(app, "/api/v1/auth/revoke", json: revokeBody) }
            #expect(revoke.status == .tooManyRequests)
        }
    }

    @Test("the generated API code matches openapi.yaml (run scripts/openapi-gen.sh after changing it)")
    func generatedCodeIsCurrent() throws {
        let root = packageRoot
        let contract = try Data(contentsOf: root.appendingPathComponent("openapi.yaml"))
        let recorded = try String(contentsOf: root.appendingPathComponent("Sources/API/Generated/openapi.yaml.sha256"), encoding: .utf8)
        let actual = SHA256.hash(data: contract).map { String(format: "%02x", $0) }.joined()
        #expect(recorded.trimmingCharacters(in: .whitespacesAndNewlines) == actual)
    }
}

@Suite("API sign-ins on the account page")
struct APISessionsPageTests {
    @Test("an app signed in through the API is listed on the account page and ended there", arguments: TestDatabase.allCases)
    func endFromPage(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let user = try await AccountFlowTests.verifiedUser(app)
            let tokens = try APITokenTests.decode(try await APITokenTests.token(app, user.email))
            let browser = TestBrowser(app)
            _ = try await AccountFlowTests.signIn(browser, user.email)
            let page = try await browser.get("/en/account/")
            #expect(page.text.contains("Apps signed in to your account"))
            let family = try #require(try await app.accounts.liveTokenFamilies(of: try user.requireID(), on: app.db).first?.id)
            let ended = try await browser.post("/en/account/apps/\(family.uuidString.lowercased())/end", [:])
            #expect(ended.status == .seeOther)
            #expect(try await APITokenTests.me(app, tokens.access_token).status == .unauthorized)
            #expect(try await app.accounts.liveTokenFamilies(of: try user.requireID(), on: app.db).isEmpty)
        }
    }
}
