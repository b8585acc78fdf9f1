@testable import Accounts
@testable import App
import Audit
import Core
import FluentKit
import Foundation
import Testing
import TestSupport
import Vapor

@Suite("Changing the e-mail address")
struct EmailChangeTests {
    @Test("re-authentication, a link to the new address, a notice to the old, then the offer to sign out elsewhere",
          arguments: TestDatabase.allCases)
    func change(database: TestDatabase) async throws {
        let old = TestSMTPServer.recipient("old-")
        let new = TestSMTPServer.recipient("new-")
        try await withTestApp(database, adjust: Inbox.useSMTP) { app in
            let user = try await AccountFlowTests.verifiedUser(app, email: old)
            let taken = try await AccountFlowTests.verifiedUser(app)
            let other = TestBrowser(app)
            _ = try await AccountFlowTests.signIn(other, old)
            let browser = TestBrowser(app)
            _ = try await AccountFlowTests.signIn(browser, old)

            try await browser.get("/en/account/email")
            #expect(try await browser.post("/en/account/email", ["email": new, "current_password": "wrong password entirely"]).status == .unprocessableEntity)
            let sameAnswer = try await browser.post("/en/account/email", ["email": taken.email, "current_password": AccountFlowTests.password])
            #expect(sameAnswer.status == .seeOther && sameAnswer.location == "/en/account/")
            try await browser.get("/en/account/email")
            let requested = try await browser.post("/en/account/email", ["email": new, "current_password": AccountFlowTests.password])
            #expect(requested.status == .seeOther && requested.location == "/en/account/")
            #expect(try await browser.get("/en/account/").text.contains("a link to confirm it is on its way"))
            #expect(try await app.accounts.user(withEmail: old, on: app.db)?.id == user.id, "nothing changes before the link")

            try await Inbox.deliver(app)
            #expect(try Inbox.messages(to: taken.email).isEmpty, "nothing goes to an address that has an account")
            let link = try Inbox.link(in: try #require(Inbox.messages(to: new).first?.text), containing: "email/confirm")
            #expect(try await browser.get(link).status == .ok)
            let token = String(link.split(separator: "=").last ?? "")
            let confirmed = try await browser.post("/en/account/email/confirm", ["token": token])
            #expect(confirmed.status == .ok && confirmed.text.contains("sessions/end-others"))
            #expect(try await app.accounts.user(withEmail: new, on: app.db)?.id == user.id)
            #expect(try await app.accounts.user(withEmail: old, on: app.db) == nil)

            try await Inbox.deliver(app)
            #expect(try Inbox.messages(to: old).map(\.subject).contains("The e-mail address of your account was changed"))
            #expect(try await browser.post("/en/account/sessions/end-others", [:]).status == .seeOther)
            #expect(try await other.get("/en/account/").status == .seeOther, "the other device is signed out")
            #expect(try await browser.get("/en/account/").status == .ok)
            #expect(try await TestBrowser(app).get(link).status == .gone, "the link works once")
            let actions = try await AuditTrail.latest(40, on: app.db).map(\.action)
            #expect(actions.contains("account.email_change") && actions.contains("session.end_others"))
        }
    }
}
