@testable import Accounts
@testable import App
import Audit
import Core
import FluentKit
import Jobs
import Foundation
@testable import Portal
import Testing
import TestSupport
import Vapor
import VaporTesting

/// The triage actions the walk does not take, emergency access to an inquiry, duplicates found
/// by the blind indexes, and idempotency keys forgotten after a day.
@Suite("Triage actions")
struct TriageActionsTests {
    static func submit(_ app: Application, email: String, phone: String = "", key: String, country: String = "SA",
                       now: Date = Date()) async throws -> InquiryRecord {
        var form = InquiryForms.form(email: email)
        form.phone = phone
        form.country = country
        return try await app.inquiries.submit(form, key: .api(key), consentVersion: app.inquiries.notice.version, locale: .en, shownAt: nil,
                                              network: "203.0.113.\(key.count)", by: .anonymous, origin: .none, on: app.db, now: now).inquiry
    }

    @Test("spam, duplicate (by reference), close and reopen each change the status, audited; a duplicate's address and number find the other inquiry",
          arguments: TestDatabase.allCases)
    func statuses(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let first = try await Self.submit(app, email: "Twice@Example.com", key: "status-1")
            let second = try await Self.submit(app, email: "other@example.com", phone: "050 123 4567", key: "status-2")
            let third = try await Self.submit(app, email: "twice@example.com", phone: "+966 50 123 4567", key: "status-3")
            let (coordinator, _) = try await TriageTests.coordinator(app, regions: ["SA"])
            let id = try third.requireID().uuidString.lowercased()
            let page = try await coordinator.get("/admin/inquiries/\(id)")
            #expect(page.text.contains(first.reference) && page.text.contains(second.reference), "the same address, and the same number, typed differently")

            var version = 1
            for (to, status, extra) in [("spam", InquiryStatus.spam, [String: String]()), ("reopen", .new, [:]),
                                        ("duplicate", .duplicate, ["duplicate_of": first.reference.lowercased()]), ("reopen", .new, [:]),
                                        ("close", .closed, [:])] {
                let answer = try await coordinator.post("/admin/inquiries/\(id)/status", ["to": to, "version": String(version)].merging(extra) { $1 })
                #expect(answer.status == .seeOther, "\(to)")
                version += 1
                let record = try await InquiryRecord.find(third.id, on: app.db)
                #expect(record?.status == status && record?.version == version, "\(to)")
            }
            #expect(try await InquiryRecord.find(third.id, on: app.db)?.duplicateOf == first.id)
            let wrong = try await coordinator.post("/admin/inquiries/\(id)/status", ["to": "duplicate", "duplicate_of": "HC-NOSUCH00", "version": String(version)])
            #expect(wrong.status == .unprocessableEntity)
            let actions = try await AuditTrail.latest(40, on: app.db).map(\.action)
            for action in ["inquiry.spam", "inquiry.duplicate", "inquiry.close", "inquiry.reopen"] { #expect(actions.contains(action), "\(action)") }
        }
    }

    @Test("an admin opens an inquiry only by giving a reason: refused and offered the form, then let in for this look, audited, the admins mailed",
          arguments: TestDatabase.allCases)
    func emergency(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let inquiry = try await Self.submit(app, email: "emergency@example.com", key: "emergency-1")
            let id = try inquiry.requireID().uuidString.lowercased()
            let (admin, _) = try await TestAccounts.signedIn(app, role: .admin, secondFactor: true)
            let refused = try await admin.get("/admin/inquiries/\(id)")
            #expect(refused.status == .forbidden && refused.text.contains(#"name="reason""#))
            let short = try await admin.post("/admin/inquiries/\(id)/emergency", ["reason": "because"])
            #expect(short.status == .forbidden)
            let opened = try await admin.post("/admin/inquiries/\(id)/emergency", ["reason": "The patient's embassy called about an urgent transfer."])
            #expect(opened.status == .ok && opened.text.contains("Amira Al-Harbi"), "let in, and shown what the patient wrote")
            let events = try await AuditTrail.latest(10, on: app.db)
            #expect(events.contains { $0.action == "access.emergency" && $0.detail.contains("embassy") })
            #expect(try await JobRecord.query(on: app.db).filter(\.$kind == "mail.send").all().contains { $0.payload.contains("account.emergency-access") })
            #expect(try await admin.get("/admin/inquiries/\(id)").status == .forbidden, "no patient is known: the reason opened this one look only")
            let (patientBrowser, _) = try await TestAccounts.signedIn(app)
            #expect(try await patientBrowser.get("/admin/inquiries/\(id)").status == .forbidden, "a patient is never offered emergency access")
        }
    }

    @Test("idempotency keys are forgotten after a day: the same key then stores a new inquiry", arguments: TestDatabase.allCases)
    func keysForgotten(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let old = try await Self.submit(app, email: "old@example.com", key: "old-key-123", now: Date().addingTimeInterval(-25 * 3600))
            let recent = try await Self.submit(app, email: "recent@example.com", key: "recent-key-1")
            #expect(try await app.inquiries.forgetOldKeys(on: app.db) == 1)
            #expect(try await InquiryRecord.find(old.id, on: app.db)?.idempotencyKey == nil)
            #expect(try await InquiryRecord.find(recent.id, on: app.db)?.idempotencyKey != nil)
            let again = try await Self.submit(app, email: "old@example.com", key: "old-key-123")
            #expect(again.id != old.id)
        }
    }
}
