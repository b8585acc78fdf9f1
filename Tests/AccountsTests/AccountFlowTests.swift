@testable import Accounts
@testable import App
import Audit
import Core
import FluentKit
import Foundation
import SQLKit
import Testing
import TestSupport
import Vapor
import VaporTesting

@Suite("Signing up, in and out over HTTP")
struct AccountFlowTests {
    static let password = "olive trees by the sea 7"

    /// Audit actions recorded so far, oldest first.
    static func auditActions(_ app: Application) async throws -> [(action: String, outcome: String)] {
        try await AuditTrail.latest(500, on: app.db).reversed().map { ($0.action, $0.outcome) }
    }

    @Test("sign-up → verification mail over SMTP → confirm → sign-in → sessions page → sign-out", arguments: TestDatabase.allCases)
    func signUpToSignOut(database: TestDatabase) async throws {
        let address = TestSMTPServer.recipient()
        try await withTestApp(database, adjust: Inbox.useSMTP) { app in
            let browser = TestBrowser(app)
            try await browser.get("/ar/account/sign-up")
            let signUp = try await browser.post("/ar/account/sign-up", [
                "first_name": "سارة", "last_name": "أحمد", "email": " \(address) ", "password": Self.password,
            ])
            #expect(signUp.status == .seeOther && signUp.location == "/ar/account/check-email")

            // Not verified yet: the right password is not enough.
            try await browser.get("/ar/account/sign-in")
            let early = try await browser.post("/ar/account/sign-in", ["email": address, "password": Self.password])
            #expect(early.status == .forbidden)

            try await Inbox.deliver(app)
            let mails = try Inbox.messages(to: address)
            #expect(mails.count == 1, "a second sign-in within minutes sends no second link")
            let mail = try #require(mails.first)
            #expect(mail.subject == "أكّد عنوان بريدك الإلكتروني")
            #expect(mail.text.contains("سارة"))
            let link = try Inbox.link(in: mail.text, containing: "verify-email")
            #expect(link.hasPrefix("/ar/account/verify-email?token="))

            let confirm = try await browser.get(link)
            #expect(confirm.status == .ok)
            let token = String(link.split(separator: "=").last ?? "")
            let verified = try await browser.post("/ar/account/verify-email", ["token": token])
            #expect(verified.status == .seeOther && verified.location == "/ar/account/sign-in")
            #expect(try await browser.get(link).status == .gone, "the link works once")

            let signInPage = try await browser.get("/ar/account/sign-in")
            #expect(signInPage.text.contains("تم تأكيد عنوان بريدك الإلكتروني."))
            let anonymousCookie = browser.session
            // The address in another case is the same account.
            let signedIn = try await browser.post("/ar/account/sign-in", ["email": address.uppercased(), "password": Self.password])
            #expect(signedIn.status == .seeOther && signedIn.location == "/ar/account/")
            #expect(browser.session != nil && browser.session != anonymousCookie, "the session id changes at sign-in")

            let overview = try await browser.get("/ar/account/")
            #expect(overview.status == .ok)
            #expect(overview.text.contains(address))
            #expect(overview.text.contains("هذا الجهاز"))

            let signOut = try await browser.post("/ar/account/sign-out", [:])
            #expect(signOut.status == .seeOther && browser.session == nil)
            let after = try await browser.get("/ar/account/")
            #expect(after.status == .seeOther && after.location?.hasPrefix("/ar/account/sign-in?next=") == true)

            let actions = try await Self.auditActions(app).map { "\($0.action):\($0.outcome)" }
            #expect(actions.contains("account.create:success"))
            #expect(actions.contains("auth.sign_in:failure"))
            #expect(actions.contains("account.email_verify:success"))
            #expect(actions.contains("auth.sign_in:success"))
            #expect(actions.contains("auth.sign_out:success"))
        }
    }

    static func verifiedUser(_ app: Application, email: String = TestSMTPServer.recipient(), locale: SiteLocale = .en) async throws -> UserRecord {
        try await app.accounts.create(NewAccount(email: email, password: password, firstName: "Anna", lastName: "Ivanova",
                                                 locale: locale, role: .patient, emailVerified: true), by: .anonymous, on: app.db)
    }

    static func signIn(_ browser: TestBrowser, _ email: String, password: String = password) async throws -> TestingHTTPResponse {
        try await browser.get("/en/account/sign-in")
        return try await browser.post("/en/account/sign-in", ["email": email, "password": password])
    }

    @Test("a wrong password and an unknown address get the same answer, and both are audited", arguments: TestDatabase.allCases)
    func genericFailure(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let user = try await Self.verifiedUser(app)
            let wrong = try await Self.signIn(TestBrowser(app), user.email, password: "not the password at all")
            let unknown = try await Self.signIn(TestBrowser(app), "nobody-\(UUID().uuidString.prefix(6))@hills.example")
            #expect(wrong.status == .unauthorized && unknown.status == .unauthorized)
            let message = "The e-mail address or the password is not right."
            #expect(wrong.text.contains(message) && unknown.text.contains(message))
            let failures = try await AuditTrail.latest(10, on: app.db).filter { $0.action == "auth.sign_in" && $0.outcome == "failure" }
            #expect(failures.count == 2)
        }
    }

    @Test("the sessions page lists each device and ends another one's session", arguments: TestDatabase.allCases)
    func endOtherSession(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let user = try await Self.verifiedUser(app)
            let phone = TestBrowser(app)
            let laptop = TestBrowser(app, userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0")
            #expect(try await Self.signIn(phone, user.email).status == .seeOther)
            #expect(try await Self.signIn(laptop, user.email).status == .seeOther)

            let page = try await phone.get("/en/account/")
            #expect(page.text.contains("Chrome · Android") && page.text.contains("Firefox · Windows"))
            let live = try await app.accounts.sessions.live(of: try user.requireID(), on: app.db)
            #expect(live.count == 2)
            let laptopSession = try #require(live.first { $0.userAgent?.contains("Windows") == true }?.id)

            let ended = try await phone.post("/en/account/sessions/\(laptopSession.uuidString.lowercased())/end", [:])
            #expect(ended.status == .seeOther && ended.location == "/en/account/")
            #expect(try await laptop.get("/en/account/").status == .seeOther, "the laptop is signed out")
            #expect(try await phone.get("/en/account/").status == .ok, "the phone is not")

            // Nobody ends a session that is not theirs.
            let other = try await Self.verifiedUser(app)
            let stranger = TestBrowser(app)
            _ = try await Self.signIn(stranger, other.email)
            let phoneSession = try #require(try await app.accounts.sessions.live(of: try user.requireID(), on: app.db).first?.id)
            try await stranger.get("/en/account/")
            #expect(try await stranger.post("/en/account/sessions/\(phoneSession.uuidString.lowercased())/end", [:]).status == .notFound)
            #expect(try await phone.get("/en/account/").status == .ok)
        }
    }

    @Test("sign-in sends the browser back only to a path on this site")
    func safeNext() async throws {
        try await withTestApp { app in
            let user = try await Self.verifiedUser(app)
            for (next, expected) in [("/en/privacy/cookies", "/en/privacy/cookies"), ("//evil.example/x", "/en/account/"),
                                     ("/\\evil.example", "/en/account/"), ("https://evil.example/", "/en/account/")] {
                let browser = TestBrowser(app)
                try await browser.get("/en/account/sign-in")
                let response = try await browser.post("/en/account/sign-in", ["email": user.email, "password": Self.password, "next": next])
                #expect(response.location == expected, "next=\(next)")
            }
        }
    }

    @Test("a sign-in form without the CSRF token is refused and signs nobody in")
    func csrf() async throws {
        try await withTestApp { app in
            let user = try await Self.verifiedUser(app)
            let browser = TestBrowser(app)
            try await browser.get("/en/account/sign-in")
            let response = try await browser.post("/en/account/sign-in", ["email": user.email, "password": Self.password], csrf: "forged")
            #expect(response.status == .forbidden)
            #expect(try await app.accounts.sessions.live(of: try user.requireID(), on: app.db).isEmpty)
        }
    }

    @Test("signing up with a taken address answers the same, creates nothing and tells the owner once a day", arguments: TestDatabase.allCases)
    func signUpExisting(database: TestDatabase) async throws {
        let address = TestSMTPServer.recipient()
        try await withTestApp(database, adjust: Inbox.useSMTP) { app in
            _ = try await Self.verifiedUser(app, email: address)
            for _ in 0..<2 {
                let browser = TestBrowser(app)
                try await browser.get("/en/account/sign-up")
                let response = try await browser.post("/en/account/sign-up", [
                    "first_name": "Someone", "email": " \(address.uppercased()) ", "password": "another long passphrase",
                ])
                #expect(response.status == .seeOther && response.location == "/en/account/check-email")
            }
            #expect(try await UserRecord.query(on: app.db).count() == 1)
            try await Inbox.deliver(app)
            #expect(try Inbox.messages(to: address).map(\.subject) == ["You already have an account"])
        }
    }

    @Test("bad sign-up input comes back with messages in the page's language and loses what was typed")
    func signUpValidation() async throws {
        try await withTestApp { app in
            let browser = TestBrowser(app)
            try await browser.get("/fa/account/sign-up")
            let response = try await browser.post("/fa/account/sign-up", ["first_name": "مریم", "email": "not-an-address", "password": "short"])
            #expect(response.status == .unprocessableEntity)
            #expect(response.text.contains("value=\"مریم\""))
            #expect(response.text.contains("value=\"not-an-address\""))
            #expect(!response.text.contains("value=\"short\""), "a password is never sent back")
            #expect(try await UserRecord.query(on: app.db).count() == 0)
        }
    }

    @Test("link tokens are stored hashed, and sealed in the queued mail", arguments: TestDatabase.allCases)
    func tokensAtRest(database: TestDatabase) async throws {
        let address = TestSMTPServer.recipient()
        try await withTestApp(database, adjust: Inbox.useSMTP) { app in
            let user = try await Self.verifiedUser(app, email: address)
            try await app.accounts.requestPasswordReset(email: address, origin: .none, on: app.db)
            let sql = app.db as! any SQLDatabase
            let payloads = try await sql.raw("SELECT payload FROM jobs").all().map { try $0.decode(column: "payload", as: String.self) }
            try await Inbox.deliver(app)
            let link = try Inbox.link(in: try #require(Inbox.messages(to: address).first?.text), containing: "password/reset")
            let token = String(link.split(separator: "=").last ?? "")
            #expect(SecureToken.isWellFormed(token))
            #expect(!payloads.isEmpty && payloads.allSatisfy { !$0.contains(token) })
            let stored = try await AccountTokenRecord.query(on: app.db).filter(\.$userID == user.requireID()).all()
            #expect(stored.map(\.tokenHash) == [SecureToken.hash(token)])
        }
    }
}
