@testable import Accounts
@testable import App
import Audit
import Core
import FluentKit
import Foundation
import Testing
import TestSupport
import Vapor

/// Emergency access: staff without a grant open a patient's record only by giving a reason, for
/// one hour, audited with the reason, every admin mailed.
@Suite("Emergency access to a patient's record")
struct EmergencyAccessTests {
    static func user(_ app: Application, _ role: AccountRole, email: String = TestSMTPServer.recipient()) async throws -> UserRecord {
        try await app.accounts.create(NewAccount(email: email, password: AccountFlowTests.password, firstName: "Sam", lastName: "Lee",
                                                 locale: .en, role: role, emailVerified: true), by: .anonymous, on: app.db)
    }

    static func actor(_ user: UserRecord, secondFactor: Bool = true) throws -> AccessActor {
        .user(id: try user.requireID(), role: user.accountRole, secondFactor: secondFactor)
    }

    @Test("a surgeon with a second factor and a reason gets an hour; without a reason, without the second factor, as an editor or for a deletion, no",
          arguments: TestDatabase.allCases)
    func rules(database: TestDatabase) async throws {
        let adminAddress = TestSMTPServer.recipient("admin-")
        try await withTestApp(database, adjust: Inbox.useSMTP) { app in
            let accounts = app.accounts
            let patient = try await Self.user(app, .patient)
            let record = AccessResource.patientRecord(patientID: try patient.requireID())
            let surgeon = try await Self.user(app, .surgeon)
            _ = try await Self.user(app, .admin, email: adminAddress)
            let reason = "Patient arrived at the emergency department with a suspected pin-site infection"

            await #expect(throws: AccessDenied.self) { try await accounts.authorize(try Self.actor(surgeon), .read, record, on: app.db) }
            await #expect(throws: AccessDenied.self, "too short to be a reason") {
                try await accounts.authorize(try Self.actor(surgeon), .read, record, emergencyReason: "because", on: app.db)
            }
            await #expect(throws: AccessDenied.self, "a second factor first") {
                try await accounts.authorize(try Self.actor(surgeon, secondFactor: false), .read, record, emergencyReason: reason, on: app.db)
            }
            await #expect(throws: AccessDenied.self, "never a deletion") {
                try await accounts.authorize(try Self.actor(surgeon), .delete, record, emergencyReason: reason, on: app.db)
            }
            let editor = try await Self.user(app, .editor)
            await #expect(throws: AccessDenied.self, "editors never") {
                try await accounts.authorize(try Self.actor(editor), .read, record, emergencyReason: reason, on: app.db)
            }
            let other = try await Self.user(app, .patient)
            await #expect(throws: AccessDenied.self, "nor another patient") {
                try await accounts.authorize(try Self.actor(other), .read, record, emergencyReason: reason, on: app.db)
            }
            #expect(try await EmergencyAccessRecord.query(on: app.db).count() == 0)

            let start = Date()
            try await accounts.authorize(try Self.actor(surgeon), .read, record, emergencyReason: reason, on: app.db, now: start)
            let log = try await AuditTrail.events(about: .patient(try patient.requireID()), limit: 3, on: app.db)
            #expect(log.map(\.action) == ["access.allowed", "access.emergency", "access.denied"])
            #expect(log[1].actorID == surgeon.id?.uuidString.lowercased() && log[1].detail.contains("pin-site infection"))
            // Within the hour no reason is asked again; after it, the door is shut.
            try await accounts.authorize(try Self.actor(surgeon), .write, record, on: app.db, now: start.addingTimeInterval(3500))
            await #expect(throws: AccessDenied.self) {
                try await accounts.authorize(try Self.actor(surgeon), .read, record, on: app.db, now: start.addingTimeInterval(3700))
            }
            let unrelated = try await Self.user(app, .patient)
            await #expect(throws: AccessDenied.self, "the hour is for that one record") {
                try await accounts.authorize(try Self.actor(surgeon), .read, .patientRecord(patientID: try unrelated.requireID()), on: app.db, now: start)
            }

            let admin = try await Self.user(app, .admin)
            try await accounts.authorize(try Self.actor(admin), .read, record, emergencyReason: "Checking a complaint the patient made in writing", on: app.db)
            await #expect(throws: AccessDenied.self, "an admin without a reason") {
                try await accounts.authorize(try Self.actor(try await Self.user(app, .admin)), .read, record, on: app.db)
            }

            try await Inbox.deliver(app)
            let mails = try Inbox.messages(to: adminAddress)
            #expect(mails.count == 2 && mails.allSatisfy { $0.subject == "A patient record was opened under emergency access" })
            #expect(mails.allSatisfy { !$0.text.contains("pin-site") && !$0.text.contains("complaint") && !$0.text.contains("Lee") },
                    "the mail names neither the patient nor the reason")
        }
    }
}
