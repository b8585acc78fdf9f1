@testable import Audit
import Core
import FluentKit
import Foundation
import SQLKit
import Testing
import TestSupport
import Vapor

/// Someone who can write to the database (the SQLite file, PostgreSQL's owner role) but does not
/// hold the audit key drops the triggers, deletes events and rewinds the head to hide it.
@Suite("A chain head that cannot be rewound without the key")
struct AuditHeadSealTests {
    static func dropTriggers(_ sql: any SQLDatabase) async throws {
        if sql.dialect.name == "postgresql" {
            try await sql.raw("DROP TRIGGER audit_events_append_only ON audit_events").run()
        } else {
            try await sql.raw("DROP TRIGGER audit_events_no_delete").run()
        }
    }

    @Test("deleting the newest 5 of 53 events and setting the head back to the last one left is found by a plain verify",
          arguments: TestDatabase.allCases)
    func newestDeleted(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let trail = AuditTrailTests.trail
            try await AuditTrailTests.appendMany(53, on: app.db)
            #expect(try await trail.verify(on: app.db).isIntact)
            let sql = AuditTrailTests.sql(app)
            try await Self.dropTriggers(sql)
            try await sql.raw("DELETE FROM audit_events WHERE seq > 48").run()
            let last = try #require(try await AuditTrail.latest(1, on: app.db).first)
            try await sql.raw("UPDATE audit_chain SET seq = \(bind: last.seq), mac = \(bind: last.mac) WHERE id = 'main'").run()

            let result = try await trail.verify(on: app.db)
            #expect(!result.isIntact)
            #expect(result.firstBreak?.problem.contains("not sealed with the audit key") == true, "\(result.firstBreak?.description ?? "")")
        }
    }

    @Test("deleting every event and resetting the head to its genesis value is found too", arguments: TestDatabase.allCases)
    func everythingDeleted(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let trail = AuditTrailTests.trail
            try await AuditTrailTests.appendMany(12, on: app.db)
            let sql = AuditTrailTests.sql(app)
            try await Self.dropTriggers(sql)
            try await sql.raw("DELETE FROM audit_events").run()
            try await sql.raw("UPDATE audit_chain SET seq = 0, mac = \(bind: AuditMAC.genesis) WHERE id = 'main'").run()
            #expect(try await trail.verify(on: app.db).isIntact == false)
        }
    }

    @Test("a fresh chain verifies, its head sealed by the migration; each append seals the new head", arguments: TestDatabase.allCases)
    func sealedFromTheStart(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            #expect(try await AuditTrailTests.trail.verify(on: app.db).isIntact)
            try await AuditTrailTests.appendMany(3, on: app.db)
            let seal = try await AuditTrail.headSeal(on: app.db)
            #expect(seal.keyID == "dev" && seal.mac.count == 64)
            #expect(try await AuditTrailTests.trail.verify(on: app.db).isIntact)
        }
    }
}
