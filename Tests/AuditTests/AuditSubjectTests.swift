@testable import Accounts
@testable import App
@testable import Audit
import Core
import FluentKit
import Foundation
import SQLKit
import Testing
import TestSupport

/// Events name whose data they are about, in an indexed column the MAC covers (envelope 2);
/// events written before, in envelope 1, still verify.
@Suite("Audit events name their subject")
struct AuditSubjectTests {
    static func allowUpdates(_ sql: any SQLDatabase) async throws {
        if sql.dialect.name == "postgresql" {
            try await sql.raw("DROP TRIGGER audit_events_append_only ON audit_events").run()
        } else {
            try await sql.raw("DROP TRIGGER audit_events_no_update").run()
        }
    }

    @Test("a chain written before subjects existed (envelope 1) and continued after (envelope 2) verifies; changing a subject or an envelope breaks it",
          arguments: TestDatabase.allCases)
    func envelopes(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let sql = try #require(app.db as? any SQLDatabase)
            let patient = UUID()
            for n in 1...3 {
                try await app.auditTrail.append(AuditEvent(actor: .system("test"), action: "test.before", detail: ["n": .int(Int64(n))]), on: app.db)
            }
            // Rewrite everything so far as the code before this change wrote it: envelope 1, no subject.
            try await Self.allowUpdates(sql)
            let key = app.webContext.configuration.secretKeys.currentKey(for: .auditMAC)
            var previous = AuditMAC.genesis
            for var entry in try await AuditTrail.entries(after: 0, limit: 10_000, on: app.db) {
                entry.envelope = 1
                entry.subject = nil
                entry.keyID = key.keyID
                entry.mac = AuditMAC.compute(entry, previous: previous, key: key)
                previous = entry.mac
                try await sql.raw("UPDATE audit_events SET envelope = 1, subject = NULL, key_id = \(bind: key.keyID), mac = \(bind: entry.mac) WHERE seq = \(bind: entry.seq)").run()
            }
            let head = try await AuditTrail.head(on: app.db)
            try await sql.raw("""
                UPDATE audit_chain SET mac = \(bind: previous), head_mac = \(bind: AuditMAC.seal(AuditCheckpoint(seq: head.seq, mac: previous), key: key)),
                    head_key_id = \(bind: key.keyID) WHERE id = 'main'
                """).run()
            #expect(try await app.auditTrail.verify(on: app.db).isIntact, "envelope 1 as before")

            let after = try await app.auditTrail.append(AuditEvent(actor: .system("test"), action: "test.after", subject: .patient(patient)), on: app.db)
            #expect(after.envelope == 2 && after.subject == "patient:\(patient.uuidString.lowercased())")
            #expect(try await app.auditTrail.verify(on: app.db).isIntact, "1 then 2")

            try await sql.raw("UPDATE audit_events SET subject = 'patient:someone-else' WHERE seq = \(bind: after.seq)").run()
            #expect(try await app.auditTrail.verify(on: app.db).firstBreak?.seq == after.seq, "the subject is covered")
            try await sql.raw("UPDATE audit_events SET subject = \(bind: after.subject), envelope = 1 WHERE seq = \(bind: after.seq)").run()
            #expect(try await app.auditTrail.verify(on: app.db).firstBreak?.seq == after.seq, "so is the envelope's shape")
        }
    }

    @Test("authorize names the patient whose record is read, and their access log is one indexed query", arguments: TestDatabase.allCases)
    func accessLog(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let (_, patient) = try await TestAccounts.signedIn(app)
            let id = try patient.requireID()
            let actor = AccessActor.user(id: id, role: .patient, secondFactor: false)
            try await app.accounts.authorize(actor, .read, .patientRecord(patientID: id), on: app.db)
            let stranger = AccessActor.user(id: UUID(), role: .surgeon, secondFactor: true)
            await #expect(throws: AccessDenied.self) {
                try await app.accounts.authorize(stranger, .read, .patientRecord(patientID: id), on: app.db)
            }
            let log = try await AuditTrail.events(about: .patient(id), limit: 10, on: app.db)
            #expect(log.map { "\($0.action):\($0.outcome)" } == ["access.denied:denied", "access.allowed:success"])

            let sql = try #require(app.db as? any SQLDatabase)
            let query = "SELECT seq FROM audit_events WHERE subject = 'patient:x' ORDER BY seq DESC LIMIT 10"
            let plan: String
            if sql.dialect.name == "postgresql" {
                plan = try await app.db.writeTransaction { tx in
                    // A handful of rows: without this the planner rightly reads the table.
                    try await tx.raw("SET LOCAL enable_seqscan = off").run()
                    return try await tx.raw("EXPLAIN \(unsafeRaw: query)").all().map { try $0.decode(column: "QUERY PLAN", as: String.self) }.joined(separator: "\n")
                }
            } else {
                plan = try await sql.raw("EXPLAIN QUERY PLAN \(unsafeRaw: query)").all().map { try $0.decode(column: "detail", as: String.self) }.joined(separator: "\n")
            }
            #expect(plan.contains("audit_events_subject"), "\(plan)")
        }
    }
}
