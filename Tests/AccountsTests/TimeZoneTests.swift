@testable import Accounts
@testable import App
import Audit
import Core
import FluentKit
import Foundation
import Testing
import TestSupport
import Vapor

/// Every account's IANA time zone: the browser's guess at sign-up, changed on the account page.
@Suite("Account time zones")
struct TimeZoneTests {
    @Test("sign-up keeps the browser's IANA zone; anything else starts the account in UTC", arguments: TestDatabase.allCases)
    func signUp(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            for (sent, stored) in [("Asia/Riyadh", "Asia/Riyadh"), ("Mars/Olympus_Mons", "UTC"), ("", "UTC"), ("Europe/Moscow\r\n", "UTC")] {
                let browser = TestBrowser(app)
                let page = try await browser.get("/fa/account/sign-up")
                #expect(page.text.contains(#"name="time_zone""#))
                let address = TestSMTPServer.recipient()
                let answer = try await browser.post("/fa/account/sign-up", [
                    "first_name": "Darya", "email": address, "password": AccountFlowTests.password, "time_zone": sent,
                ])
                #expect(answer.status == .seeOther)
                let user = try #require(try await app.accounts.user(withEmail: address, on: app.db))
                #expect(user.timeZone == stored, "sent \(sent.debugDescription)")
            }
        }
    }

    @Test("the account page shows the zone; a person changes it from the list, a name not in it is refused in their language, the change is audited",
          arguments: TestDatabase.allCases)
    func change(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let (browser, user) = try await TestAccounts.signedIn(app, locale: .ar)
            #expect(try await browser.get("/ar/account/").text.contains("UTC"))
            let form = try await browser.get("/ar/account/time-zone")
            #expect(form.status == .ok && form.text.contains(#"<option value="Asia/Riyadh">Asia/Riyadh</option>"#))
            #expect(form.text.contains(#"<option value="UTC" selected>"#))
            let refused = try await browser.post("/ar/account/time-zone", ["time_zone": "Asia/Atlantis"])
            let t = Localizer(locale: .ar, translations: app.webContext.translations)
            #expect(refused.status == .unprocessableEntity && refused.text.contains(t.t("Choose your time zone from the list.")))
            let saved = try await browser.post("/ar/account/time-zone", ["time_zone": "America/Sao_Paulo"])
            #expect(saved.status == .seeOther && saved.location == "/ar/account/")
            #expect(try await UserRecord.find(user.requireID(), on: app.db)?.timeZone == "America/Sao_Paulo")
            #expect(try await browser.get("/ar/account/").text.contains("America/Sao Paulo"))
            let event = try #require(try await AuditTrail.latest(5, on: app.db).first { $0.action == "account.time_zone" })
            #expect(event.actorID == user.id?.uuidString.lowercased() && event.detail.contains("America/Sao_Paulo"))
            #expect(try await TestBrowser(app).get("/ar/account/time-zone").status == .seeOther, "signed out: to sign-in")
        }
    }

    @Test("the list is IANA's: real zones in, made-up and malformed names out")
    func known() {
        #expect(AccountTimeZone.validated("Asia/Tehran") == "Asia/Tehran" && AccountTimeZone.validated("UTC") == "UTC")
        #expect(AccountTimeZone.known.count > 300 && AccountTimeZone.known.contains("Asia/Riyadh"))
        for bad in ["asia/riyadh", "Riyadh", "Asia/Riyadh/..", "../etc/passwd", String(repeating: "A", count: 100), ""] {
            #expect(AccountTimeZone.validated(bad) == nil, "\(bad)")
        }
    }
}
