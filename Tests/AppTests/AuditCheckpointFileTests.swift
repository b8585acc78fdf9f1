@testable import App
import Audit
import Core
import FluentKit
import Foundation
import SQLKit
import Testing
import TestSupport
import Web

/// Three ways to shorten the chain by someone who can write to the database, each caught by a
/// plain `healthconnect audit verify` (no checkpoint typed by hand). The third, a head row saved
/// earlier and put back, holds a valid seal: only the checkpoint file outside the database tells.
@Suite("Audit checkpoints outside the database")
struct AuditCheckpointFileTests {
    enum Attack: String, CaseIterable, CustomTestStringConvertible {
        case newestDeletedHeadRewound, everythingDeleted, savedHeadRowPutBack
        var testDescription: String { rawValue }
    }

    static func event(_ n: Int) -> AuditEvent {
        AuditEvent(actor: .user("coordinator-\(n)"), action: "patient.record.view", resource: AuditResource(type: "patient", id: "p-\(n)"))
    }

    static func dropTriggers(_ sql: any SQLDatabase) async throws {
        if sql.dialect.name == "postgresql" {
            try await sql.raw("DROP TRIGGER audit_events_append_only ON audit_events").run()
        } else {
            try await sql.raw("DROP TRIGGER audit_events_no_delete").run()
        }
    }

    @Test("each attack fails a plain audit verify", arguments: TestDatabase.allCases, Attack.allCases)
    func attacks(database: TestDatabase, attack: Attack) async throws {
        try await withTestApp(database) { app in
            let url = app.webContext.configuration.database
            let writer = AuditCheckpointWriter(sink: app.auditCheckpoints, database: { app.db }, logger: app.logger)
            for n in 1...48 { try await app.auditTrail.append(Self.event(n), on: app.db) }
            await writer.writeOnce()
            let sql = app.db as! any SQLDatabase
            let saved = try #require(try await sql.raw("SELECT seq, mac, head_mac, head_key_id FROM audit_chain WHERE id = 'main'").first())
            for n in 49...53 { try await app.auditTrail.append(Self.event(n), on: app.db) }
            await writer.writeOnce()
            let intact = try await CommandRunner.run(["audit", "verify"], environment: CommandRunner.environment(url))
            #expect(intact.status == 0, "\(intact.errorOutput)")
            #expect(intact.output.contains("newest checkpoint") && intact.output.contains("intact: 53 event(s)"), "\(intact.output)")

            try await Self.dropTriggers(sql)
            switch attack {
            case .newestDeletedHeadRewound:
                try await sql.raw("DELETE FROM audit_events WHERE seq > 48").run()
                let last = try #require(try await AuditTrail.latest(1, on: app.db).first)
                try await sql.raw("UPDATE audit_chain SET seq = \(bind: last.seq), mac = \(bind: last.mac) WHERE id = 'main'").run()
            case .everythingDeleted:
                try await sql.raw("DELETE FROM audit_events").run()
                try await sql.raw("UPDATE audit_chain SET seq = 0, mac = \(bind: String(repeating: "0", count: 64)) WHERE id = 'main'").run()
            case .savedHeadRowPutBack:
                try await sql.raw("DELETE FROM audit_events WHERE seq > 48").run()
                try await sql.raw("""
                    UPDATE audit_chain SET seq = \(bind: try saved.decode(column: "seq", as: Int64.self)),
                        mac = \(bind: try saved.decode(column: "mac", as: String.self)),
                        head_mac = \(bind: try saved.decode(column: "head_mac", as: String.self)),
                        head_key_id = \(bind: try saved.decode(column: "head_key_id", as: String.self)) WHERE id = 'main'
                    """).run()
                // The database alone cannot tell: the put-back row carries a valid seal.
                #expect(try await app.auditTrail.verify(on: app.db).isIntact)
            }
            let verify = try await CommandRunner.run(["audit", "verify"], environment: CommandRunner.environment(url))
            #expect(verify.status != 0, "\(verify.output)")
            #expect(verify.errorOutput.contains("audit chain broken"), "\(verify.errorOutput)")
            if attack == .savedHeadRowPutBack {
                #expect(verify.errorOutput.contains("checkpoint 53 is beyond the last event 48"), "\(verify.errorOutput)")
            }
        }
    }

    @Test("the file keeps one line per checkpoint; the newest well-formed line counts, a torn one is skipped")
    func fileFormat() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("checkpoints-\(UUID().uuidString)/heads").path
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let file = AuditCheckpointFile(path: path)
        #expect(try file.newest() == nil)
        let first = AuditCheckpoint(seq: 7, mac: String(repeating: "ab", count: 32))
        let second = AuditCheckpoint(seq: 9, mac: String(repeating: "cd", count: 32))
        try file.append(first, at: Date(timeIntervalSince1970: 1_800_000_000))
        try file.append(second, at: Date(timeIntervalSince1970: 1_800_000_060))
        #expect(try file.newest()?.checkpoint == second)
        #expect(try file.newest()?.writtenAt == Date(timeIntervalSince1970: 1_800_000_060))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("10:ef".utf8))
        try handle.close()
        #expect(try file.newest()?.checkpoint == second)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test("production refuses a checkpoint file in the SQLite file's folder")
    func productionPlacement() throws {
        var env = [
            "HC_ENV": "production", "HC_SECRET_KEYS": SecretKeyring.generateEntry(id: "k1"), "HC_BASE_URL": "https://hills.example",
            "HC_SMTP_URL": "smtps://mail:secret@smtp.hills.example:465", "HC_MAIL_FROM": "Hills Clinic <noreply@hills.example>",
            "HC_METRICS_TOKEN": String(repeating: "m", count: 40), "HC_ALLOW_SQLITE_IN_PRODUCTION": "true",
            "HC_CLAMD_URL": "tcp://127.0.0.1:3310",
            "HC_DATABASE_URL": "sqlite://var/healthconnect.sqlite",
        ]
        #expect(throws: ConfigurationError.self, "the defaults share var/") { try Configuration.load(from: env) }
        env["HC_DATABASE_URL"] = "sqlite:///srv/hc/data/healthconnect.sqlite"
        env["HC_AUDIT_CHECKPOINT_PATH"] = "/srv/hc/data/audit-checkpoints"
        #expect(throws: ConfigurationError.self) { try Configuration.load(from: env) }
        env["HC_AUDIT_CHECKPOINT_PATH"] = "/srv/hc/data/sub/checkpoints"
        #expect(throws: ConfigurationError.self) { try Configuration.load(from: env) }
        env["HC_AUDIT_CHECKPOINT_PATH"] = "/var/log/healthconnect/audit-checkpoints"
        #expect(try Configuration.load(from: env).auditCheckpointPath == "/var/log/healthconnect/audit-checkpoints")
    }
}
