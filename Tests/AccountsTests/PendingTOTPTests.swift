@testable import Accounts
@testable import App
import Core
import FluentKit
import Foundation
import Testing
import TestSupport
import Vapor

@Suite("A TOTP secret waiting to be confirmed")
struct PendingTOTPTests {
    static func confirm(_ app: Application, _ user: UserRecord, _ enrolment: TOTPEnrolment, at date: Date) async throws -> [String] {
        let secret = try #require(Base32.decode(enrolment.secret))
        return try await app.accounts.confirmTOTP(for: user, password: AccountFlowTests.password,
                                                  code: TOTP.code(secret: secret, step: TOTP.step(at: date)), origin: .none, on: app.db, now: date)
    }

    static func pending(_ app: Application, _ user: UserRecord) async throws -> Int {
        try await TOTPCredentialRecord.query(on: app.db).filter(\.$userID == user.requireID()).filter(\.$confirmedAt == nil).count()
    }

    @Test("it expires after ten minutes, and opening enrolment again replaces it", arguments: TestDatabase.allCases)
    func expiryAndReplacement(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let user = try await AccountFlowTests.verifiedUser(app)
            let now = Date()
            let first = try await app.accounts.beginTOTPEnrolment(for: user, on: app.db, now: now)
            let kept = try await app.accounts.beginTOTPEnrolment(for: user, restart: false, on: app.db, now: now.addingTimeInterval(60))
            #expect(kept.secret == first.secret, "shown again after a typo, the scanned key stays")
            let replaced = try await app.accounts.beginTOTPEnrolment(for: user, on: app.db, now: now.addingTimeInterval(60))
            #expect(replaced.secret != first.secret)
            await #expect(throws: AccountError.self) { _ = try await Self.confirm(app, user, first, at: now.addingTimeInterval(60)) }

            let late = now.addingTimeInterval(12 * 60)
            await #expect(throws: AccountError.self) { _ = try await Self.confirm(app, user, replaced, at: late) }
            try await AccountSessions.purge(olderThan: 86_400, on: app.db, now: late)
            #expect(try await Self.pending(app, user) == 0, "the recurring purge removes the expired secret")
            let renewed = try await app.accounts.beginTOTPEnrolment(for: user, restart: false, on: app.db, now: late)
            #expect(renewed.secret != replaced.secret)
            #expect(try await Self.confirm(app, user, renewed, at: late).count == 10)
        }
    }

    @Test("a password change or reset removes it", arguments: TestDatabase.allCases)
    func removedByNewPassword(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let user = try await AccountFlowTests.verifiedUser(app)
            _ = try await app.accounts.beginTOTPEnrolment(for: user, on: app.db)
            let link = try await app.db.writeTransaction { tx in try await AccountTokens.issue(.resetPassword, for: user, on: tx, now: Date()) }
            try await app.accounts.resetPassword(token: link, newPassword: PasswordResetTests.newPassword, origin: .none, on: app.db)
            #expect(try await Self.pending(app, user) == 0)

            let browser = TestBrowser(app)
            #expect(try await AccountFlowTests.signIn(browser, user.email, password: PasswordResetTests.newPassword).status == .seeOther)
            try await browser.get("/en/account/two-factor")
            #expect(try await Self.pending(app, user) == 1)
            try await browser.get("/en/account/password")
            let changed = try await browser.post("/en/account/password", ["current_password": PasswordResetTests.newPassword,
                                                                          "password": "another long sentence to keep"])
            #expect(changed.status == .seeOther)
            #expect(try await Self.pending(app, user) == 0)
        }
    }
}

@Suite("Opening two-step enrolment twice at once")
struct ConcurrentEnrolmentTests {
    @Test("ten page loads at once each replace the waiting secret; none fails, one secret waits", arguments: TestDatabase.allCases)
    func concurrentRestarts(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let user = try await AccountFlowTests.verifiedUser(app)
            let accounts = app.accounts
            let db = app.db
            let made = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<10 { group.addTask { !(try await accounts.beginTOTPEnrolment(for: user, on: db).secret.isEmpty) } }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(made == 10)
            #expect(try await PendingTOTPTests.pending(app, user) == 1)
        }
    }
}
