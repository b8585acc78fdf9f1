import Accounts
@testable import App
import Audit
import Core
import Fluent
import Foundation
import Jobs
import SQLKit
import Testing
import TestSupport
import VaporTesting

/// What an operator sees: commands that record themselves, and `audit verify` catching tampering.
@Suite("Audit trail at the command line")
struct AuditCommandTests {
    @Test("operator commands are recorded; verify passes, then fails at the tampered event", arguments: TestDatabase.allCases)
    func operatorTrailAndTampering(database: TestDatabase) async throws {
        try await withEmptyDatabase(database) { url in
            let env = CommandRunner.environment(url)
            let migrate = try await CommandRunner.run(["migrate", "--yes"], environment: env)
            #expect(migrate.status == 0, "\(migrate.errorOutput)")
            let enqueue = try await CommandRunner.run(["jobs", "--enqueue", "system.noop", "--count", "3"], environment: env)
            #expect(enqueue.status == 0, "\(enqueue.errorOutput)")

            let verify = try await CommandRunner.run(["audit", "verify"], environment: env)
            #expect(verify.status == 0, "\(verify.errorOutput)")
            #expect(verify.output.contains("Audit chain intact: 2 event(s)"))

            let tail = try await CommandRunner.run(["audit", "tail"], environment: env)
            let lines = tail.output.split(separator: "\n")
            #expect(lines.count == 3)
            #expect(lines.first?.contains("database.migrate") == true && lines.first?.contains("2026-11-23-create-audit-events") == true)
            #expect(lines.first?.contains("operator:") == true)
            #expect(lines.dropFirst().first?.contains("jobs.enqueue") == true)
            #expect(lines.last?.contains("audit.verify") == true)

            try await withApplication(on: url) { app in
                let sql = app.db as! any SQLDatabase
                if database == .postgres {
                    try await sql.raw("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only").run()
                } else {
                    try await sql.raw("DROP TRIGGER audit_events_no_update").run()
                }
                try await sql.raw("UPDATE audit_events SET detail = '{\"count\":1,\"kind\":\"system.noop\"}' WHERE seq = 2").run()
            }
            let broken = try await CommandRunner.run(["audit", "verify"], environment: env)
            #expect(broken.status != 0)
            #expect(broken.errorOutput.contains("audit chain broken at event 2: MAC does not match"), "\(broken.errorOutput)")
            #expect(broken.output.contains("Verified 1 event(s)"))
        }
    }

    @Test("verify checks a checkpoint from the log, and refuses a malformed one")
    func checkpointOption() async throws {
        try await withEmptyDatabase { url in
            let env = CommandRunner.environment(url)
            _ = try await CommandRunner.run(["migrate", "--yes"], environment: env)
            var head = AuditCheckpoint(seq: 0, mac: "")
            try await withApplication(on: url) { app in head = try await AuditTrail.head(on: app.db) }
            let good = try await CommandRunner.run(["audit", "verify", "--checkpoint", "\(head.seq):\(head.mac.prefix(12))"], environment: env)
            #expect(good.status == 0, "\(good.errorOutput)")
            let wrong = try await CommandRunner.run(["audit", "verify", "--checkpoint", "\(head.seq):000000000000"], environment: env)
            #expect(wrong.status != 0)
            #expect(wrong.errorOutput.contains("differs from checkpoint"))
            let malformed = try await CommandRunner.run(["audit", "verify", "--checkpoint", "yesterday"], environment: env)
            #expect(malformed.status != 0)
            #expect(malformed.errorOutput.split(separator: "\n").count == 1)
        }
    }

    @Test("retrying and discarding dead jobs are recorded with the job's id")
    func jobOperationsAudited() async throws {
        try await withTestApp { app in
            let id = try #require(try await JobQueue.enqueue(NewJob(kind: NoopJob.kind, maxAttempts: 1), on: app.db))
            let claimed = try #require(try await JobQueue.claim(queues: ["default"], leaseDuration: 30, on: app.db))
            try await JobQueue.fail(claimed, error: "boom", on: app.db)
            var context = CommandContext(console: app.console, input: CommandInput(arguments: ["jobs", "--retry", id.uuidString]))
            context.application = app
            try await JobsCommand().run(using: &context)
            let entries = try await AuditTrail.latest(1, on: app.db)
            #expect(entries.first?.action == "jobs.retry")
            #expect(entries.first?.resourceType == "job" && entries.first?.resourceID == id.uuidString.lowercased())
        }
    }

    @Test("keys rotate prints two steps: the new key added with today's still current, then promoted; mid-rotation it refuses")
    func keysRotate() async throws {
        try await withEmptyDatabase { url in
            var env = CommandRunner.environment(url)
            let existing = "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
            env["HC_SECRET_KEYS"] = existing
            _ = try await CommandRunner.run(["migrate", "--yes"], environment: env)
            let result = try await CommandRunner.run(["keys", "rotate", "--id", "k2"], environment: env)
            #expect(result.status == 0, "\(result.errorOutput)")
            let line = try #require(result.output.split(separator: "\n").first { $0.hasPrefix("HC_SECRET_KEYS=") })
            let keyring = try SecretKeyring(parsing: String(line.dropFirst("HC_SECRET_KEYS=".count)))
            #expect(keyring.keys.map(\.id) == ["k2", "k1"])
            #expect(line.hasSuffix("," + existing))
            #expect(result.output.contains("\nHC_SECRET_KEY_CURRENT=k1\n"))
            #expect(result.output.contains("Step 2") && result.output.contains("remove HC_SECRET_KEY_CURRENT"))
            let clash = try await CommandRunner.run(["keys", "rotate", "--id", "k1"], environment: env)
            #expect(clash.status != 0)

            var midway = env
            midway["HC_SECRET_KEYS"] = String(line.dropFirst("HC_SECRET_KEYS=".count))
            midway["HC_SECRET_KEY_CURRENT"] = "k1"
            let again = try await CommandRunner.run(["keys", "rotate"], environment: midway)
            #expect(again.status != 0 && again.errorOutput.contains("a rotation is under way"), "\(again.errorOutput)")
        }
    }

    @Test("keys rotate --signing makes a new API signing key current, sealed at rest, and audits it")
    func signingKeyRotate() async throws {
        try await withEmptyDatabase { url in
            let env = CommandRunner.environment(url)
            _ = try await CommandRunner.run(["migrate", "--yes"], environment: env)
            for _ in 0..<2 {
                let result = try await CommandRunner.run(["keys", "rotate", "--signing"], environment: env)
                #expect(result.status == 0, "\(result.errorOutput)")
            }
            try await withApplication(on: url) { app in
                let keys = try await SigningKeyRecord.query(on: app.db).all()
                #expect(keys.count == 2 && keys.filter { $0.retiredAt == nil }.count == 1)
                #expect(keys.allSatisfy { $0.privateKeySealed.hasPrefix("fe1$") })
                let jwks = try await app.accounts.jwks(on: app.db)
                #expect(keys.allSatisfy { jwks.contains($0.id ?? "-") }, "the retired key is still published")
                let actions = try await AuditTrail.latest(10, on: app.db).map(\.action)
                #expect(actions.filter { $0 == "keys.rotate_signing" }.count == 2)
            }
        }
    }

    @Test("check --deploy fails on development settings and names each problem")
    func checkDeploy() async throws {
        try await withEmptyDatabase { url in
            let env = CommandRunner.environment(url)
            let result = try await CommandRunner.run(["check", "--deploy"], environment: env)
            #expect(result.status != 0)
            #expect(result.output.contains("FAIL production settings: HC_SECRET_KEYS"))
            #expect(result.output.contains("ok   database answers"))
            #expect(result.output.contains("never been migrated"))
            _ = try await CommandRunner.run(["migrate", "--yes"], environment: env)
            let migrated = try await CommandRunner.run(["check"], environment: env)
            #expect(migrated.status == 0, "\(migrated.output)")
            #expect(migrated.output.contains("ok   no migration pending"))
        }
    }

    @Test("the checkpoint job logs the head, and /metrics exports it")
    func checkpointJobAndMetrics() async throws {
        try await withTestApp { app in
            let entry = try await app.auditTrail.append(AuditEvent(actor: .system("test"), action: "test.event"), on: app.db)
            let capture = LogCapture()
            try await JobQueue.enqueue(NewJob(kind: AuditCheckpointJob.kind), on: app.db)
            let job = try #require(try await JobQueue.claim(queues: ["default"], leaseDuration: 30, on: app.db))
            try await AuditCheckpointJob().run(job, context: JobContext(database: app.db, logger: capture.logger()))
            #expect(capture.text.contains("audit checkpoint"))
            #expect(capture.text.contains("1:\(entry.mac)"))
            try await app.testing().test(.GET, "/metrics") { res in
                #expect(res.text.contains("hc_audit_head_seq 1"))
                #expect(res.text.contains("hc_audit_head_fingerprint \(Int64(entry.mac.prefix(12), radix: 16)!)"))
            }
        }
    }
}
