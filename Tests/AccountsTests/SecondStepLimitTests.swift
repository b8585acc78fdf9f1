@testable import Accounts
@testable import App
import Audit
import Core
import FluentKit
import Foundation
import Jobs
import Mail
import Testing
import TestSupport
import Vapor

/// Whoever sends second-step codes already has the password, so wrong codes are counted per
/// account, from every network together.
@Suite("The second step's per-account limit")
struct SecondStepLimitTests {
    static func network(_ index: Int) -> AuditOrigin { AuditOrigin(clientIP: "192.0.2.\(index + 10)", userAgent: "thief") }

    static func lockMails(_ app: Application) async throws -> Int {
        try await JobRecord.query(on: app.db).filter(\.$kind == SendMailJob.kind).all()
            .filter { $0.payload.contains("account.second-factor-locked") }.count
    }

    @Test("five wrong codes from five networks lock the second step for everyone, even the right code from a sixth; one mail, one audit event; the owner's reset lifts it",
          arguments: TestDatabase.allCases)
    func sixNetworks(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let now = Date()
            let (user, secret, _) = try await SingleUseTests.twoFactorUser(app, now: now)
            let userID = try user.requireID()
            for index in 0..<4 {
                #expect(try await app.accounts.completeSignIn(userID: userID, code: "000000", origin: Self.network(index), on: app.db, now: now) == nil)
            }
            // The fifth wrong code locks it, and says so, so the face ends the pending sign-in.
            await #expect(throws: AccountError.tooManyAttempts(retryAfter: 900)) {
                _ = try await app.accounts.completeSignIn(userID: userID, code: "000000", origin: Self.network(4), on: app.db, now: now)
            }
            let right = TOTP.code(secret: secret, step: TOTP.step(at: now))
            do {
                _ = try await app.accounts.completeSignIn(userID: userID, code: right, origin: Self.network(5), on: app.db, now: now)
                Issue.record("the right code from a sixth network got through a locked second step")
            } catch AccountError.tooManyAttempts(let seconds) {
                #expect(seconds > 800 && seconds <= 900)
            }
            let locks = try await AuditTrail.latest(200, on: app.db).filter { $0.action == "auth.lockout" }
            #expect(locks.count == 1 && locks[0].detail.contains("second-factor"))
            #expect(try await Self.lockMails(app) == 1)

            let link = try await app.db.writeTransaction { tx in try await AccountTokens.issue(.resetPassword, for: user, on: tx, now: now) }
            try await app.accounts.resetPassword(token: link, newPassword: PasswordResetTests.newPassword, origin: .none, on: app.db, now: now)
            let after = try #require(try await UserRecord.find(userID, on: app.db))
            #expect(try await app.accounts.completeSignIn(userID: userID, code: right, origin: Self.network(5), on: app.db, now: now)?.user.id == after.id)
        }
    }

    @Test("wrong codes in re-authentication count towards the same limit", arguments: TestDatabase.allCases)
    func reauthenticationCounts(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let now = Date()
            let (user, secret, _) = try await SingleUseTests.twoFactorUser(app, now: now)
            let userID = try user.requireID()
            let signedIn = try #require(try await app.accounts.completeSignIn(userID: userID, code: TOTP.code(secret: secret, step: TOTP.step(at: now)),
                                                                              origin: Self.network(0), on: app.db, now: now))
            for index in 0..<4 {
                #expect(try await app.accounts.completeSignIn(userID: userID, code: "111111", origin: Self.network(index + 1), on: app.db, now: now) == nil)
            }
            await #expect(throws: AccountError.tooManyAttempts(retryAfter: 900)) {
                try await app.accounts.changePassword(for: signedIn, current: AccountFlowTests.password, code: "222222",
                                                      newPassword: PasswordResetTests.newPassword, endOtherSessions: false,
                                                      origin: Self.network(0), on: app.db, now: now)
            }
        }
    }

    @Test("in the browser, the locking code ends the pending sign-in: the code page sends back to the password")
    func pendingSignInEnds() async throws {
        try await withTestApp { app in
            let (user, _, _) = try await SingleUseTests.twoFactorUser(app, now: Date())
            let browser = TestBrowser(app)
            #expect(try await AccountFlowTests.signIn(browser, user.email).location == "/en/account/sign-in/code")
            for _ in 0..<4 {
                #expect(try await browser.post("/en/account/sign-in/code", ["code": "000000"]).status == .unauthorized)
            }
            #expect(try await browser.post("/en/account/sign-in/code", ["code": "000000"]).status == .tooManyRequests)
            let page = try await browser.get("/en/account/sign-in/code")
            #expect(page.status == .seeOther && page.location == "/en/account/sign-in")
        }
    }
}
