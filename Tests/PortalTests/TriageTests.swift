@testable import Accounts
@testable import App
import Audit
import Core
import FluentKit
import Foundation
import Jobs
import Mail
@testable import Media
@testable import Portal
import SQLKit
import Testing
import TestSupport
import Vapor
import VaporTesting
@testable import Web

/// Triage as coordinators and surgeons do it, over HTTP: the whole way from the inquiry to the
/// case, what each person may and may not open, and two coordinators acting at once.
@Suite("Triage")
struct TriageTests {
    /// A coordinator with the region's grant, given by an admin through the real grant.
    static func coordinator(_ app: Application, regions: [String]) async throws -> (TestBrowser, UserRecord) {
        let (browser, coordinator) = try await TestAccounts.signedIn(app, role: .coordinator, secondFactor: true)
        let (_, admin) = try await TestAccounts.signedIn(app, role: .admin, secondFactor: true)
        for region in regions {
            try await app.accounts.grant(.inquiries, region, to: try coordinator.requireID(),
                                         by: .user(id: try admin.requireID(), role: .admin, secondFactor: true), on: app.db)
        }
        return (browser, coordinator)
    }

    static func version(in html: String) -> String? { InquiryForms.hidden("version", in: html) }

    @Test("an inquiry with an X-ray → the mail → the patient's account → a coordinator's reply the patient reads → a surgeon assigned → a case the surgeon opens and another surgeon cannot",
          arguments: TestDatabase.allCases)
    func inquiryToCase(database: TestDatabase) async throws {
        try await withTestApp(database, adjust: Inbox.useSMTP) { app in
            let email = TestSMTPServer.recipient("triage-")
            let visitor = TestBrowser(app)
            #expect(try await InquiryForms.send(visitor, token: InquiryForms.token(app), InquiryForms.answers(email: email),
                                                files: [("xray.png", TestFiles.png(width: 1000, height: 2000))]).status == .seeOther)
            let inquiry = try #require(try await InquiryRecord.query(on: app.db).first())
            let id = try inquiry.requireID().uuidString.lowercased()
            try await Inbox.deliver(app)
            let claim = try Inbox.link(in: try #require(try Inbox.messages(to: email).first).text, containing: "/ar/inquiry/account")
            let patient = TestBrowser(app)
            try await patient.get(claim)
            #expect(try await patient.post("/ar/inquiry/account", ["token": String(claim.split(separator: "=").last ?? ""),
                                                                   "password": TestAccounts.password]).status == .seeOther)
            try await patient.get("/ar/account/sign-in")
            #expect(try await patient.post("/ar/account/sign-in", ["email": email, "password": TestAccounts.password]).status == .seeOther)
            #expect(try await patient.get("/ar/account/inquiries/\(id)").status == .ok)

            let (coordinator, _) = try await Self.coordinator(app, regions: ["SA"])
            let queue = try await coordinator.get("/admin/inquiries")
            #expect(queue.status == .ok && queue.text.contains("Amira Al-Harbi") && queue.text.contains("/admin/inquiries/\(id)"))
            let page = try await coordinator.get("/admin/inquiries/\(id)")
            #expect(page.status == .ok && page.text.contains("I broke my left femur") && page.text.contains("xray.png"))
            let reply = "مرحبًا أميرة، شكرًا لرسالتك. نحتاج صورة أشعة كاملة للساقين."
            let replied = try await coordinator.post("/admin/inquiries/\(id)/reply", ["body": reply, "version": Self.version(in: page.text) ?? ""])
            #expect(replied.status == .seeOther)
            let sql = try #require(app.db as? any SQLDatabase)
            let stored = try #require(try await sql.raw("SELECT body_sealed FROM messages").first()).decode(column: "body_sealed", as: String.self)
            #expect(!stored.contains("أميرة"), "the reply is sealed at rest")
            let read = try await patient.get("/ar/account/inquiries/\(id)")
            #expect(read.text.contains(reply), "the patient reads the reply in the portal")
            try await Inbox.deliver(app)
            let notice = try #require(try Inbox.messages(to: email).last)
            #expect(!notice.text.contains("أشعة كاملة"), "the mail says only that there is a reply")

            let (firstSurgeon, surgeon) = try await TestAccounts.signedIn(app, role: .surgeon, secondFactor: true)
            let (otherSurgeon, _) = try await TestAccounts.signedIn(app, role: .surgeon, secondFactor: true)
            let current = try await coordinator.get("/admin/inquiries/\(id)")
            let assigned = try await coordinator.post("/admin/inquiries/\(id)/assign", [
                "surgeon": try surgeon.requireID().uuidString.lowercased(), "version": Self.version(in: current.text) ?? ""])
            #expect(assigned.status == .seeOther)
            #expect(try await firstSurgeon.get("/admin/inquiries/\(id)").status == .ok, "the assigned surgeon reads the inquiry")
            let beforeCase = try await coordinator.get("/admin/inquiries/\(id)")
            let converted = try await coordinator.post("/admin/inquiries/\(id)/convert", ["version": Self.version(in: beforeCase.text) ?? ""])
            #expect(converted.status == .seeOther && converted.location?.hasPrefix("/admin/cases/") == true)
            let casePath = try #require(converted.location)
            let patientCase = try #require(try await CaseRecord.query(on: app.db).first())
            let linked = try await InquiryRecord.find(inquiry.id, on: app.db)
            #expect(patientCase.patientID == linked?.patientID)
            #expect(patientCase.surgeonID == surgeon.id && patientCase.reference == inquiry.reference)
            #expect(try await InquiryRecord.find(inquiry.id, on: app.db)?.status == .converted)

            #expect(try await firstSurgeon.get(casePath).status == .ok, "the surgeon opens the case")
            #expect(try await otherSurgeon.get(casePath).status == .forbidden, "another surgeon cannot")
            let patientID = patientCase.patientID
            #expect(try await app.accounts.decide(.user(id: try surgeon.requireID(), role: .surgeon, secondFactor: true), .read,
                                                  .patientRecord(patientID: patientID), on: app.db) == .allowed, "the grant opens the patient's record")
            let cases = try await patient.get("/ar/account/inquiries")
            #expect(cases.text.contains(patientCase.reference))
            let actions = try await AuditTrail.latest(60, on: app.db).map(\.action)
            for action in ["inquiry.create", "inquiry.link", "inquiry.reply", "inquiry.assign", "grant.create", "case.create", "access.denied"] {
                #expect(actions.contains(action), "\(action) is audited")
            }
        }
    }

    @Test("two coordinators on one inquiry at once: the first wins, the second is told who did what and keeps what they typed",
          arguments: TestDatabase.allCases)
    func twoCoordinators(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            #expect(try await InquiryForms.send(TestBrowser(app), token: InquiryForms.token(app), InquiryForms.answers(email: "race@example.com")).status == .seeOther)
            let id = try #require(try await InquiryRecord.query(on: app.db).first()?.requireID()).uuidString.lowercased()
            let (first, firstUser) = try await Self.coordinator(app, regions: ["SA"])
            let (second, _) = try await Self.coordinator(app, regions: ["*"])
            let seenByFirst = try await first.get("/admin/inquiries/\(id)")
            let seenBySecond = try await second.get("/admin/inquiries/\(id)")
            #expect(try await first.post("/admin/inquiries/\(id)/reply", ["body": "We will call you tomorrow.", "version": Self.version(in: seenByFirst.text) ?? ""]).status == .seeOther)
            let late = try await second.post("/admin/inquiries/\(id)/reply", ["body": "Please send your X-rays.", "version": Self.version(in: seenBySecond.text) ?? ""])
            #expect(late.status == .conflict)
            #expect(late.text.contains(firstUser.firstName) && late.text.contains("replied"), "told who did what")
            #expect(late.text.contains("Please send your X-rays."), "what they typed is kept")
            #expect(try await MessageRecord.query(on: app.db).count() == 1)
            #expect(late.text.contains("We will call you tomorrow."), "the page shows the inquiry as it is now")
        }
    }

    @Test("the queue shows only the regions a coordinator holds, filters and sorts, pages with a cursor, and costs a fixed number of queries",
          arguments: TestDatabase.allCases)
    func queue(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let inquiries = app.inquiries
            for (index, country) in ["SA", "SA", "IR", "RU", "SA"].enumerated() {
                var form = InquiryForms.form(email: "queue\(index)@example.com")
                form.country = country
                form.age = String(20 + index)
                form.language = country == "IR" ? "fa" : "ar"
                _ = try await inquiries.submit(form, key: .api("queue-\(index)"), consentVersion: inquiries.notice.version, locale: .en,
                                               shownAt: nil, network: "198.51.100.\(index)", by: .anonymous, origin: .none,
                                               on: app.db, now: Date().addingTimeInterval(Double(index - 10) * 60))
            }
            let (browser, coordinator) = try await Self.coordinator(app, regions: ["SA", "IR"])
            let actor = AccessActor.user(id: try coordinator.requireID(), role: .coordinator, secondFactor: true)
            var filter = QueueFilter()
            let all = try await inquiries.queue(filter, by: actor, origin: .none, on: app.db)
            #expect(all.rows.map(\.record.region) == ["SA", "SA", "IR", "SA"], "oldest first, RU not granted")
            filter.language = "fa"
            #expect(try await inquiries.queue(filter, by: actor, origin: .none, on: app.db).rows.map(\.record.region) == ["IR"])
            filter = QueueFilter()
            filter.sort = .youngest
            filter.minimumAge = 21
            #expect(try await inquiries.queue(filter, by: actor, origin: .none, on: app.db).rows.map(\.record.age) == [21, 22, 24])
            filter = QueueFilter()
            filter.sort = .newest
            let first = try await inquiries.queue(filter, limit: 2, by: actor, origin: .none, on: app.db)
            let second = try await inquiries.queue(filter, after: first.nextCursor, limit: 2, by: actor, origin: .none, on: app.db)
            #expect(first.rows.map(\.record.age) == [24, 22] && second.rows.map(\.record.age) == [21, 20] && second.nextCursor == nil)

            let counting = try CountingDatabase(app.db)
            _ = try await inquiries.queue(QueueFilter(), by: actor, origin: .none, on: counting)
            #expect(counting.count <= 5, "grants, ids, rows, audit: \(counting.count) statements")
            // The whole page, its session and audit included, costs the same with 4 rows as with 24.
            try await browser.get("/admin/inquiries")
            var status = HTTPResponseStatus.ok
            let few = try await countingStatements(app) { status = try await browser.get("/admin/inquiries").status }
            #expect(status == .ok)
            for index in 0..<20 {
                _ = try await inquiries.submit(InquiryForms.form(email: "more\(index)@example.com"), key: .api("more-\(index)"),
                                               consentVersion: inquiries.notice.version, locale: .en, shownAt: nil,
                                               network: "198.51.100.\(index + 10)", by: .anonymous, origin: .none, on: app.db)
            }
            var shown = ""
            let many = try await countingStatements(app) { shown = try await browser.get("/admin/inquiries").text }
            #expect(shown.components(separatedBy: "/admin/inquiries/").count - 1 >= 24, "the page lists them all")
            #expect(few == many, "a fixed number of statements per page, whatever the rows")
            #expect(many <= 12)
            let none = try await TestAccounts.signedIn(app, role: .coordinator, secondFactor: true).1
            await #expect(throws: AccessDenied.self) {
                _ = try await inquiries.queue(QueueFilter(), by: .user(id: try none.requireID(), role: .coordinator, secondFactor: true),
                                              origin: .none, on: app.db)
            }
        }
    }
}
