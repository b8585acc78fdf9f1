@testable import Accounts
@testable import App
import Audit
import Core
import FluentKit
import Foundation
import Testing
import TestSupport
import Vapor

@Suite("Resetting a forgotten password")
struct PasswordResetTests {
    static let newPassword = "a brand new sentence to remember"

    static func requestLink(_ app: Application, _ address: String) async throws -> String {
        let browser = TestBrowser(app)
        try await browser.get("/en/account/password/forgot")
        let response = try await browser.post("/en/account/password/forgot", ["email": address])
        #expect(response.status == .seeOther && response.location == "/en/account/check-email")
        try await Inbox.deliver(app)
        let text = try #require(Inbox.messages(to: address).last?.text)
        return try Inbox.link(in: text, containing: "password/reset")
    }

    @Test("the mailed link sets a new password once, ends every session, and the old password stops working", arguments: TestDatabase.allCases)
    func reset(database: TestDatabase) async throws {
        let address = TestSMTPServer.recipient()
        try await withTestApp(database, adjust: Inbox.useSMTP) { app in
            let user = try await AccountFlowTests.verifiedUser(app, email: address)
            let other = TestBrowser(app)
            try await other.get("/en/account/sign-in")
            #expect(try await other.post("/en/account/sign-in", ["email": address, "password": AccountFlowTests.password]).status == .seeOther)

            let link = try await Self.requestLink(app, address)
            let token = String(link.split(separator: "=").last ?? "")
            let browser = TestBrowser(app)
            #expect(try await browser.get(link).status == .ok)
            let weak = try await browser.post("/en/account/password/reset", ["token": token, "password": "password1234"])
            #expect(weak.status == .unprocessableEntity, "a common password is refused and the link stays usable")
            let done = try await browser.post("/en/account/password/reset", ["token": token, "password": Self.newPassword])
            #expect(done.status == .seeOther && done.location == "/en/account/sign-in")
            #expect(try await browser.get("/en/account/sign-in").text.contains("Your password has been changed."))

            #expect(try await browser.get(link).status == .gone, "used once")
            #expect(try await other.get("/en/account/").status == .seeOther, "the other session ended")

            let old = TestBrowser(app)
            try await old.get("/en/account/sign-in")
            #expect(try await old.post("/en/account/sign-in", ["email": address, "password": AccountFlowTests.password]).status == .unauthorized)
            #expect(try await old.post("/en/account/sign-in", ["email": address, "password": Self.newPassword]).status == .seeOther)
            _ = user
        }
    }

    @Test("a reset link dies when the password changes by other means", arguments: TestDatabase.allCases)
    func boundToPasswordHash(database: TestDatabase) async throws {
        let address = TestSMTPServer.recipient()
        try await withTestApp(database, adjust: Inbox.useSMTP) { app in
            let user = try await AccountFlowTests.verifiedUser(app, email: address)
            let link = try await Self.requestLink(app, address)
            user.passwordHash = try await app.accounts.hashing.hash("changed somewhere else entirely")
            try await user.save(on: app.db)
            #expect(try await TestBrowser(app).get(link).status == .gone)
        }
    }

    @Test("asking for an unknown address looks the same and sends nothing")
    func unknownAddress() async throws {
        let address = TestSMTPServer.recipient()
        try await withTestApp(adjust: Inbox.useSMTP) { app in
            let browser = TestBrowser(app)
            try await browser.get("/en/account/password/forgot")
            let response = try await browser.post("/en/account/password/forgot", ["email": address])
            #expect(response.status == .seeOther && response.location == "/en/account/check-email")
            try await Inbox.deliver(app)
            #expect(try Inbox.messages(to: address).isEmpty)
        }
    }
}

@Suite("Changing the password while signed in")
struct PasswordChangeTests {
    @Test("re-authentication is required; other sessions and API sign-ins end when asked; old reset links die", arguments: TestDatabase.allCases)
    func change(database: TestDatabase) async throws {
        let address = TestSMTPServer.recipient()
        try await withTestApp(database, adjust: Inbox.useSMTP) { app in
            let user = try await AccountFlowTests.verifiedUser(app, email: address)
            let link = try await PasswordResetTests.requestLink(app, address)
            let tokens = try APITokenTests.decode(try await APITokenTests.token(app, address))
            let other = TestBrowser(app)
            _ = try await AccountFlowTests.signIn(other, address)
            let browser = TestBrowser(app)
            _ = try await AccountFlowTests.signIn(browser, address)

            let form = try await browser.get("/en/account/password")
            #expect(form.status == .ok && form.text.contains("type=\"checkbox\"") && form.text.contains(" checked"))
            let wrong = try await browser.post("/en/account/password", [
                "current_password": "not my password at all", "password": PasswordResetTests.newPassword, "end_others": "on",
            ])
            #expect(wrong.status == .unprocessableEntity)
            let changed = try await browser.post("/en/account/password", [
                "current_password": AccountFlowTests.password, "password": PasswordResetTests.newPassword, "end_others": "on",
            ])
            #expect(changed.status == .seeOther && changed.location == "/en/account/")
            #expect(try await browser.get("/en/account/").text.contains("signed out everywhere else"))
            #expect(try await other.get("/en/account/").status == .seeOther)
            #expect(try await APITokenTests.me(app, tokens.access_token).status == .unauthorized)
            #expect(try await TestBrowser(app).get(link).status == .gone, "a reset link from before the change no longer works")
            #expect(try await AuditTrail.latest(20, on: app.db).contains { $0.action == "account.password_change" })
            _ = user
        }
    }
}
