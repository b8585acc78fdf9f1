@testable import App
import Audit
import Core
import Foundation
@testable import Media
import SQLKit
import Testing
import TestSupport

/// The audit trail's checkpoints as objects: one new object per checkpoint, the newest found by
/// one listing, in a local folder and in the S3 test server; and `audit verify` reading them.
@Suite("Audit checkpoints in object storage")
struct StorageCheckpointSinkTests {
    static func checkpoint(_ seq: Int64) -> AuditCheckpoint {
        AuditCheckpoint(parsing: "\(seq):" + String(repeating: String(seq % 10), count: 64))!
    }

    static func exercise(_ sink: StorageCheckpointSink) async throws {
        #expect(try await sink.newest() == nil)
        let base = Date(timeIntervalSince1970: 1_796_000_000)
        try await sink.append(Self.checkpoint(7), at: base)
        try await sink.append(Self.checkpoint(9), at: base.addingTimeInterval(60))
        try await sink.append(Self.checkpoint(12), at: base.addingTimeInterval(60))
        try await sink.append(Self.checkpoint(11), at: base.addingTimeInterval(60))
        let newest = try #require(try await sink.newest())
        #expect(newest.checkpoint == Self.checkpoint(12) && newest.writtenAt == base.addingTimeInterval(60))
    }

    @Test("in a folder: each checkpoint is its own object, and the newest (latest, then highest) is found")
    func folder() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("checkpoint-sink-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let sink = StorageCheckpointSink(storage: FileStorage(root: root, keyring: .development))
        try await Self.exercise(sink)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/audit-checkpoints").count == 4)
    }

    @Test("in the S3 test server: the same, through ListObjectsV2")
    func bucket() async throws {
        let prefix = "checkpoints-\(UUID().uuidString.lowercased())"
        try await Self.exercise(StorageCheckpointSink(storage: try S3StorageTests.storage(), prefix: prefix))
    }

    @Test("with HC_AUDIT_CHECKPOINTS=storage a worker's checkpoints go to storage and audit verify holds the chain to them",
          arguments: TestDatabase.allCases)
    func verify(database: TestDatabase) async throws {
        try await withTestApp(database, adjust: { $0.auditCheckpointsInStorage = true }) { app in
            let writer = AuditCheckpointWriter(sink: app.auditCheckpoints, database: { app.db }, logger: app.logger)
            for n in 1...5 {
                try await app.auditTrail.append(AuditEvent(actor: .system("test"), action: "test.event", detail: ["n": .int(Int64(n))]), on: app.db)
            }
            await writer.writeOnce()
            let folder = app.webContext.configuration.storageFolder + "/audit-checkpoints"
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder).count == 1)
            var environment = CommandRunner.environment(app.webContext.configuration.database)
            environment["HC_AUDIT_CHECKPOINTS"] = "storage"
            let intact = try await CommandRunner.run(["audit", "verify"], environment: environment)
            #expect(intact.status == 0 && intact.output.contains("object storage"), "\(intact.output) \(intact.errorOutput)")

            let sql = try #require(app.db as? any SQLDatabase)
            if sql.dialect.name == "postgresql" {
                try await sql.raw("DROP TRIGGER audit_events_append_only ON audit_events").run()
            } else {
                try await sql.raw("DROP TRIGGER audit_events_no_delete").run()
            }
            try await sql.raw("DELETE FROM audit_events WHERE seq > 2").run()
            let broken = try await CommandRunner.run(["audit", "verify"], environment: environment)
            #expect(broken.status != 0 && broken.errorOutput.contains("audit chain broken"), "\(broken.errorOutput)")
        }
    }
}
