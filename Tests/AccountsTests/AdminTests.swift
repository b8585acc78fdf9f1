@testable import Accounts
@testable import App
import Audit
import Core
import FluentKit
import Foundation
import Testing
import TestSupport
import Vapor

@Suite("The people admin")
struct AdminTests {
    /// An admin signed in with a second factor, in a browser.
    static func signedInAdmin(_ app: Application) async throws -> (TestBrowser, UserRecord) {
        let admin = try await app.accounts.create(NewAccount(email: TestSMTPServer.recipient("admin-"), password: AccountFlowTests.password,
                                                             firstName: "Dana", lastName: "Admin", locale: .en, role: .admin, emailVerified: true),
                                                  by: .anonymous, on: app.db)
        let enrolment = try await app.accounts.beginTOTPEnrolment(for: admin, on: app.db)
        let secret = try #require(Base32.decode(enrolment.secret))
        _ = try await app.accounts.confirmTOTP(for: admin, password: AccountFlowTests.password,
                                               code: TOTP.code(secret: secret, step: TOTP.step(at: Date()) - 1), origin: .none, on: app.db)
        let browser = TestBrowser(app)
        _ = try await AccountFlowTests.signIn(browser, admin.email)
        try await browser.get("/en/account/sign-in/code")
        let done = try await browser.post("/en/account/sign-in/code", ["code": TOTP.code(secret: secret, step: TOTP.step(at: Date()))])
        #expect(done.status == .seeOther)
        return (browser, admin)
    }

    @Test("an admin invites a surgeon (who sets a password from the mail), grants a patient, and disables an account", arguments: TestDatabase.allCases)
    func inviteGrantDisable(database: TestDatabase) async throws {
        let surgeonAddress = TestSMTPServer.recipient("surgeon-")
        try await withTestApp(database, adjust: Inbox.useSMTP) { app in
            let (browser, _) = try await Self.signedInAdmin(app)
            try await browser.get("/admin/users/invite")
            let invited = try await browser.post("/admin/users/invite", [
                "first_name": "Karim", "last_name": "Haddad", "email": surgeonAddress, "role": "surgeon", "locale": "ar",
            ])
            #expect(invited.status == .seeOther && invited.location == "/admin/users")
            try await Inbox.deliver(app)
            let mail = try #require(Inbox.messages(to: surgeonAddress).first)
            let link = try Inbox.link(in: mail.text, containing: "password/reset")
            #expect(link.hasPrefix("/ar/account/password/reset?token="))
            let surgeonBrowser = TestBrowser(app)
            #expect(try await surgeonBrowser.get(link).status == .ok)
            let token = String(link.split(separator: "=").last ?? "")
            #expect(try await surgeonBrowser.post("/ar/account/password/reset", ["token": token, "password": "a surgeon's own long passphrase"]).status == .seeOther)
            let surgeon = try #require(try await app.accounts.user(withEmail: surgeonAddress, on: app.db))
            #expect(surgeon.accountRole == .surgeon && surgeon.emailVerifiedAt != nil)

            let list = try await browser.get("/admin/users?q=HADDAD")
            #expect(list.status == .ok && list.text.contains(surgeonAddress))
            let filtered = try await browser.get("/admin/users?role=patient")
            #expect(!filtered.text.contains(surgeonAddress))

            let patient = try await AccountFlowTests.verifiedUser(app)
            let surgeonID = try surgeon.requireID().uuidString.lowercased()
            try await browser.get("/admin/users/\(surgeonID)")
            let granted = try await browser.post("/admin/users/\(surgeonID)/grants", ["scope": "patient", "target": try patient.requireID().uuidString])
            #expect(granted.status == .seeOther)
            let surgeonActor = AccessActor.user(id: try surgeon.requireID(), role: .surgeon, secondFactor: true)
            #expect(try await app.accounts.decide(surgeonActor, .read, .patientRecord(patientID: try patient.requireID()), on: app.db) == .allowed)
            let bad = try await browser.post("/admin/users/\(surgeonID)/grants", ["scope": "inquiries", "target": "Saudi"])
            #expect(bad.status == .unprocessableEntity)

            let surgeonSignIn = TestBrowser(app)
            #expect(try await AccountFlowTests.signIn(surgeonSignIn, surgeonAddress, password: "a surgeon's own long passphrase").status == .seeOther)
            try await browser.get("/admin/users/\(surgeonID)")
            #expect(try await browser.post("/admin/users/\(surgeonID)/disable", [:]).status == .seeOther)
            #expect(try await surgeonSignIn.get("/en/account/").status == .seeOther, "disabling ends the session")
            #expect(try await AccountFlowTests.signIn(TestBrowser(app), surgeonAddress, password: "a surgeon's own long passphrase").status == .unauthorized)

            let actions = try await AuditTrail.latest(100, on: app.db).map(\.action)
            #expect(actions.contains("grant.create") && actions.contains("account.disable") && actions.contains("account.create"))
        }
    }

    @Test("the admin is closed to anonymous visitors, to other roles, and to an admin without a second factor")
    func closed() async throws {
        try await withTestApp { app in
            #expect(try await TestBrowser(app).get("/admin/users").location?.hasPrefix("/en/account/sign-in?next=") == true)
            let patient = try await AccountFlowTests.verifiedUser(app)
            let browser = TestBrowser(app)
            _ = try await AccountFlowTests.signIn(browser, patient.email)
            #expect(try await browser.get("/admin/users").status == .forbidden)

            let admin = try await app.accounts.create(NewAccount(email: TestSMTPServer.recipient("admin-"), password: AccountFlowTests.password,
                                                                 firstName: "A", lastName: "", locale: .en, role: .admin, emailVerified: true),
                                                      by: .anonymous, on: app.db)
            let noSecondFactor = TestBrowser(app)
            _ = try await AccountFlowTests.signIn(noSecondFactor, admin.email)
            #expect(try await noSecondFactor.get("/admin/users").status == .forbidden)
            let denied = try await AuditTrail.latest(20, on: app.db).filter { $0.action == "access.denied" }
            #expect(denied.count == 2)
        }
    }
}
