@testable import Accounts
@testable import App
import Audit
import Core
import FluentKit
import Foundation
import Testing
import TestSupport
import Vapor

@Suite("Two-step sign-in (TOTP) and recovery codes")
struct TwoFactorTests {
    @Test("RFC 6238's SHA-1 test vectors")
    func vectors() {
        let secret = Data("12345678901234567890".utf8)
        // RFC 6238 appendix B gives 8 digits; the last six are ours.
        for (time, code) in [(59.0, "287082"), (1_111_111_109, "081804"), (1_234_567_890, "005924"), (2_000_000_000, "279037")] {
            #expect(TOTP.code(secret: secret, step: TOTP.step(at: Date(timeIntervalSince1970: time))) == code)
        }
        #expect(Base32.decode(Base32.encode(secret)) == secret)
        #expect(Base32.encode(Data("foobar".utf8)) == "MZXW6YTBOI")
    }

    @Test("a code is good within one step either way, and only once")
    func window() {
        let secret = Data("12345678901234567890".utf8)
        let now = Date(timeIntervalSince1970: 1_800_000_015)
        let step = TOTP.step(at: now)
        #expect(TOTP.matchingStep(TOTP.code(secret: secret, step: step - 1), secret: secret, at: now, after: nil) == step - 1)
        #expect(TOTP.matchingStep(TOTP.code(secret: secret, step: step + 1), secret: secret, at: now, after: nil) == step + 1)
        #expect(TOTP.matchingStep(TOTP.code(secret: secret, step: step - 2), secret: secret, at: now, after: nil) == nil)
        #expect(TOTP.matchingStep(TOTP.code(secret: secret, step: step), secret: secret, at: now, after: step) == nil, "no reuse")
        #expect(TOTP.matchingStep("12345", secret: secret, at: now, after: nil) == nil)
        #expect(TOTP.matchingStep("١٢٣٤٥٦", secret: secret, at: now, after: nil) == nil)
    }

    static func currentCode(_ page: String, at date: Date = Date()) throws -> String {
        let marker = try #require(page.range(of: "data-totp-secret=\"\">"))
        let secret = String(page[marker.upperBound...].prefix { $0 != "<" })
        return TOTP.code(secret: try #require(Base32.decode(secret)), step: TOTP.step(at: date))
    }

    @Test("turn on TOTP with a computed code → sign out → sign in with a code → with a recovery code; the secret is sealed at rest",
          arguments: TestDatabase.allCases)
    func endToEnd(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let user = try await AccountFlowTests.verifiedUser(app, locale: .fa)
            let browser = TestBrowser(app)
            #expect(try await AccountFlowTests.signIn(browser, user.email).status == .seeOther)

            let setup = try await browser.get("/fa/account/two-factor")
            #expect(setup.status == .ok && setup.text.contains("<svg") && setup.text.contains("role=\"img\""))
            let wrong = try await browser.post("/fa/account/two-factor/enable", ["password": AccountFlowTests.password, "code": "000000"])
            #expect(wrong.status == .unprocessableEntity)
            // Two steps back: the code the page showed before the failed try is not reused below.
            let enabled = try await browser.post("/fa/account/two-factor/enable", [
                "password": AccountFlowTests.password, "code": try Self.currentCode(setup.text, at: Date().addingTimeInterval(-30)),
            ])
            #expect(enabled.status == .ok)
            let codes = enabled.text.components(separatedBy: "data-recovery-codes=\"\"")[1].components(separatedBy: "</ul>")[0]
                .components(separatedBy: "<li>").dropFirst().map { String($0.prefix { $0 != "<" }) }
            #expect(codes.count == 10 && codes.allSatisfy { $0.count == 11 })

            let stored = try #require(try await TOTPCredentialRecord.query(on: app.db).filter(\.$userID == user.requireID()).first())
            let secretText = String(setup.text.components(separatedBy: "data-totp-secret=\"\">")[1].prefix { $0 != "<" })
            #expect(stored.secretSealed.hasPrefix("fe1$") && !stored.secretSealed.contains(secretText))
            let hashes = try await RecoveryCodeRecord.query(on: app.db).all(\.$codeHash)
            #expect(!hashes.contains { hash in codes.contains { hash.contains($0.replacingOccurrences(of: "-", with: "")) } })

            // Turning it on moved the session to a new id and CSRF token; the next page carries the new token.
            try await browser.get("/fa/account/")
            #expect(try await browser.post("/fa/account/sign-out", [:]).status == .seeOther)
            try await browser.get("/fa/account/sign-in")
            let password = try await browser.post("/fa/account/sign-in", ["email": user.email, "password": AccountFlowTests.password])
            #expect(password.location == "/fa/account/sign-in/code")
            #expect(try await browser.get("/fa/account/").status == .seeOther, "the password alone does not sign in")
            #expect(try await browser.get("/fa/account/sign-in/code").status == .ok)
            #expect(try await browser.post("/fa/account/sign-in/code", ["code": "123456"]).status == .unauthorized)
            let code = TOTP.code(secret: try #require(Base32.decode(secretText)), step: TOTP.step(at: Date()))
            let done = try await browser.post("/fa/account/sign-in/code", ["code": code])
            #expect(done.status == .seeOther && done.location == "/fa/account/")
            #expect(try await browser.get("/fa/account/").status == .ok)

            let phone = TestBrowser(app)
            try await phone.get("/fa/account/sign-in")
            _ = try await phone.post("/fa/account/sign-in", ["email": user.email, "password": AccountFlowTests.password])
            try await phone.get("/fa/account/sign-in/code")
            #expect(try await phone.post("/fa/account/sign-in/code", ["code": code]).status == .unauthorized, "a code works once")
            #expect(try await phone.post("/fa/account/sign-in/code", ["code": codes[0].lowercased()]).status == .seeOther)

            let other = TestBrowser(app)
            try await other.get("/fa/account/sign-in")
            _ = try await other.post("/fa/account/sign-in", ["email": user.email, "password": AccountFlowTests.password])
            try await other.get("/fa/account/sign-in/code")
            #expect(try await other.post("/fa/account/sign-in/code", ["code": codes[0]]).status == .unauthorized, "a recovery code works once")

            let actions = try await AuditTrail.latest(200, on: app.db).map(\.action)
            #expect(actions.contains("mfa.enable") && actions.contains("mfa.recovery_code_use"))
        }
    }

    @Test("the code page cannot be reached without the password step")
    func noShortcut() async throws {
        try await withTestApp { app in
            let browser = TestBrowser(app)
            #expect(try await browser.get("/en/account/sign-in/code").location == "/en/account/sign-in")
            try await browser.get("/en/account/sign-in")
            #expect(try await browser.post("/en/account/sign-in/code", ["code": "123456"]).location == "/en/account/sign-in")
        }
    }
}
