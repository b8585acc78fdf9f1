@testable import Audit
import Core
import FluentKit
import Foundation
import SQLKit
import Testing
import TestSupport
import Vapor

@Suite("The tamper-evident audit trail")
struct AuditTrailTests {
    static let trail = AuditTrail(keyring: .development)

    static func event(_ n: Int) -> AuditEvent {
        AuditEvent(actor: .user("user-\(n)"), action: "patient.record.view", resource: AuditResource(type: "patient", id: "p-\(n)"),
                   origin: AuditOrigin(clientIP: "203.0.113.7", userAgent: "Mozilla/5.0 (Linux; Android 14)", requestID: "req-\(n)"),
                   detail: ["n": .int(Int64(n)), "note": "مراجعة"])
    }

    static func sql(_ app: Application) -> any SQLDatabase { app.db as! any SQLDatabase }

    static func appendMany(_ count: Int, on db: any Database) async throws {
        for n in 1...count { try await trail.append(event(n), on: db) }
    }

    @Test("events chain from the genesis MAC and verify; the head follows the last event", arguments: TestDatabase.allCases)
    func appendAndVerify(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            #expect(try await AuditTrail.head(on: app.db) == AuditCheckpoint(seq: 0, mac: AuditMAC.genesis))
            let first = try await Self.trail.append(Self.event(1), on: app.db)
            let second = try await Self.trail.append(Self.event(2), on: app.db)
            #expect(first.seq == 1 && second.seq == 2 && first.mac != second.mac)
            #expect(second.occurredAt >= first.occurredAt)
            #expect(try await AuditTrail.head(on: app.db) == AuditCheckpoint(seq: 2, mac: second.mac))

            let stored = try await AuditTrail.entries(after: 0, limit: 10, on: app.db)
            #expect(stored == [first, second], "the database returns the bytes that were hashed")
            #expect(stored[0].detail == "{\"n\":1,\"note\":\"مراجعة\"}")

            let result = try await Self.trail.verify(on: app.db)
            #expect(result.isIntact && result.verifiedEvents == 2)
        }
    }

    @Test("an event appended in a rolled-back transaction leaves no trace", arguments: TestDatabase.allCases)
    func rollback(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            struct Rollback: Error {}
            await #expect(throws: Rollback.self) {
                try await app.db.transaction { tx in
                    try await Self.trail.append(Self.event(1), on: tx)
                    throw Rollback()
                }
            }
            #expect(try await AuditTrail.head(on: app.db).seq == 0)
            try await Self.trail.append(Self.event(2), on: app.db)
            #expect(try await Self.trail.verify(on: app.db).isIntact)
        }
    }

    @Test("many concurrent appenders keep one gapless, valid chain", arguments: TestDatabase.allCases)
    func concurrentAppends(database: TestDatabase) async throws {
        // 120 appenders wait their turn for the pool's connections; in a loaded full run that took
        // longer than a server's 10 s pool timeout, which is not what this tests.
        try await withTestApp(database, adjust: { $0.databasePoolTimeout = .seconds(600) }) { app in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 1...120 {
                    group.addTask { try await Self.trail.append(Self.event(n), on: app.db) }
                }
                try await group.waitForAll()
            }
            let entries = try await AuditTrail.entries(after: 0, limit: 1000, on: app.db)
            #expect(entries.map(\.seq) == Array(1...120))
            #expect(Set(entries.map(\.requestID)).count == 120, "every append is recorded exactly once")
            let result = try await Self.trail.verify(on: app.db, pageSize: 37)
            #expect(result.isIntact && result.verifiedEvents == 120)
        }
    }

    @Test("the database refuses UPDATE and DELETE of audit rows", arguments: TestDatabase.allCases)
    func triggersRefuseChanges(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            try await Self.appendMany(2, on: app.db)
            let sql = Self.sql(app)
            await #expect(throws: (any Error).self) { try await sql.raw("UPDATE audit_events SET action = 'nothing' WHERE seq = 1").run() }
            await #expect(throws: (any Error).self) { try await sql.raw("DELETE FROM audit_events WHERE seq = 2").run() }
            if database == .postgres {
                await #expect(throws: (any Error).self) { try await sql.raw("TRUNCATE audit_events").run() }
            }
            #expect(try await Self.trail.verify(on: app.db).verifiedEvents == 2)
        }
    }

    /// Removes the triggers, as someone with database access would before tampering.
    static func dropGuards(_ sql: any SQLDatabase, _ database: TestDatabase) async throws {
        if database == .postgres {
            try await sql.raw("DROP TRIGGER audit_events_append_only ON audit_events").run()
        } else {
            try await sql.raw("DROP TRIGGER audit_events_no_update").run()
            try await sql.raw("DROP TRIGGER audit_events_no_delete").run()
        }
    }

    @Test("verify names the first changed event", arguments: TestDatabase.allCases)
    func changedRow(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            try await Self.appendMany(5, on: app.db)
            let sql = Self.sql(app)
            try await Self.dropGuards(sql, database)
            try await sql.raw("UPDATE audit_events SET actor_id = 'someone-else' WHERE seq = 3").run()
            let result = try await Self.trail.verify(on: app.db)
            #expect(result.firstBreak?.seq == 3)
            #expect(result.firstBreak?.problem.contains("MAC does not match") == true)
            #expect(result.verifiedEvents == 2)
        }
    }

    @Test("verify notices a deleted event in the middle and deleted newest events", arguments: TestDatabase.allCases)
    func deletedRows(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            try await Self.appendMany(5, on: app.db)
            let sql = Self.sql(app)
            try await Self.dropGuards(sql, database)
            try await sql.raw("DELETE FROM audit_events WHERE seq = 5").run()
            #expect(try await Self.trail.verify(on: app.db).firstBreak?.seq == 5, "the head still says 5")
            try await sql.raw("DELETE FROM audit_events WHERE seq = 2").run()
            let result = try await Self.trail.verify(on: app.db)
            #expect(result.firstBreak?.seq == 2)
            #expect(result.firstBreak?.problem.contains("deleted") == true)
        }
    }

    @Test("a chain rebuilt with another key fails; one trimmed by the key's holder fails its checkpoint", arguments: TestDatabase.allCases)
    func rebuiltChain(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            try await Self.appendMany(4, on: app.db)
            let checkpoint = try await AuditTrail.head(on: app.db)
            let sql = Self.sql(app)
            try await Self.dropGuards(sql, database)

            // Someone with the real key drops the newest event, moves the head back and seals it
            // again: the chain alone looks whole, but the checkpoint from the log does not.
            let third = try await AuditTrail.entries(after: 2, limit: 1, on: app.db)[0]
            try await sql.raw("DELETE FROM audit_events WHERE seq = 4").run()
            let seal = AuditMAC.seal(AuditCheckpoint(seq: 3, mac: third.mac), key: SecretKeyring.development.currentKey(for: .auditMAC))
            try await sql.raw("UPDATE audit_chain SET seq = 3, mac = \(bind: third.mac), head_mac = \(bind: seal)").run()
            #expect(try await Self.trail.verify(on: app.db).isIntact)
            let trimmed = try await Self.trail.verify(on: app.db, checkpoints: [checkpoint])
            #expect(trimmed.firstBreak?.seq == 4)

            // Someone without it re-signs everything with a key of their own.
            let forger = AuditTrail(keyring: try SecretKeyring(parsing: "dev:" + Data((0..<32).map { UInt8($0) }).base64EncodedString()))
            try await sql.raw("DELETE FROM audit_events").run()
            try await sql.raw("UPDATE audit_chain SET seq = 0, mac = \(bind: AuditMAC.genesis)").run()
            try await forger.append(Self.event(1), on: app.db)
            let forged = try await Self.trail.verify(on: app.db)
            #expect(forged.firstBreak?.seq == 1)
        }
    }

    @Test("rotated keys: old events verify with the old key; a dropped key is named")
    func rotation() async throws {
        try await withTestApp { app in
            let old = try SecretKeyring(parsing: "k1:" + Data((0..<32).map { UInt8($0) }).base64EncodedString())
            try await AuditTrail(keyring: old).append(Self.event(1), on: app.db)
            let rotated = try SecretKeyring(parsing: SecretKeyring.generateEntry(id: "k2") + ",k1:" + Data((0..<32).map { UInt8($0) }).base64EncodedString())
            let second = try await AuditTrail(keyring: rotated).append(Self.event(2), on: app.db)
            #expect(second.keyID == "k2")
            #expect(try await AuditTrail(keyring: rotated).verify(on: app.db).isIntact)
            let withoutOld = try await AuditTrail(keyring: try SecretKeyring(parsing: SecretKeyring.generateEntry(id: "k2"))).verify(on: app.db)
            #expect(withoutOld.firstBreak?.seq == 1)
            #expect(withoutOld.firstBreak?.problem.contains("'k1'") == true)
        }
    }

    @Test("detail with a number JSON cannot carry exactly is refused before anything is written")
    func invalidDetail() async throws {
        try await withTestApp { app in
            let event = AuditEvent(actor: .system("test"), action: "test.big", detail: ["n": .int(Int64.max)])
            await #expect(throws: AuditError.self) { try await Self.trail.append(event, on: app.db) }
            let huge = AuditEvent(actor: .system("test"), action: "test.huge", detail: ["text": .string(String(repeating: "x", count: 9000))])
            await #expect(throws: AuditError.self) { try await Self.trail.append(huge, on: app.db) }
            let head = try await AuditTrail.head(on: app.db)
            #expect(head.seq == 0)
        }
    }

    @Test("origins drop control characters and cap lengths")
    func originCleaning() {
        let origin = AuditOrigin(clientIP: "198.51.100.4", userAgent: "evil\r\nX-Injected: 1\u{0}" + String(repeating: "a", count: 600))
        #expect(origin.userAgent?.contains("\r") == false && origin.userAgent?.contains("\u{0}") == false)
        #expect(origin.userAgent?.unicodeScalars.count == 512)
        #expect(AuditOrigin(userAgent: "\u{1}\u{2}").userAgent == nil)
    }

    @Test("checkpoints parse from SEQ:MAC and carry a 48-bit fingerprint")
    func checkpoints() {
        let checkpoint = AuditCheckpoint(parsing: "42:ABCDEF012345")
        #expect(checkpoint == AuditCheckpoint(seq: 42, mac: "abcdef012345"))
        #expect(checkpoint?.fingerprint == 0xABCDEF012345)
        #expect(AuditCheckpoint(parsing: "42:abc") == nil)
        #expect(AuditCheckpoint(parsing: "-1:abcdef012345") == nil)
        #expect(AuditCheckpoint(parsing: "x:abcdef012345") == nil)
    }
}
