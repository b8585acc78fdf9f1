@testable import App
import Audit
import Core
import FluentKit
import Glibc
import Foundation
import Jobs
@testable import Media
import SQLKit
import Testing
import TestSupport
import Vapor

/// An upload's way from the request to clean or infected, on both databases, with the real clamd.
@Suite("Uploads: quarantine, scan, sweep")
struct UploadPipelineTests {
    static func spool(_ bytes: [UInt8]) -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    static func receive(_ app: Application, _ bytes: [UInt8], as name: String, by uploader: Uploader = .visitor(formKey: "form-1"),
                        now: Date = Date()) async throws -> UploadRecord {
        let path = spool(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try await app.uploads.receive(spooledAt: path, claimedName: name, by: uploader, network: "203.0.113.0/24",
                                             origin: AuditOrigin(clientIP: "203.0.113.7"), on: app.db, now: now)
    }

    static func work(_ app: Application, _ uploads: Uploads? = nil) async throws {
        var handlers = app.jobHandlers
        if let uploads { handlers = handlers.map { $0.kind == ScanUploadJob.kind ? ScanUploadJob(uploads: uploads) : $0 } }
        let worker = Worker(handlers: handlers, configuration: WorkerConfiguration(pollInterval: .milliseconds(20)), logger: app.logger) { app.db }
        while try await worker.runOnce() {}
    }

    static func state(_ app: Application, _ record: UploadRecord) async throws -> UploadState? {
        try await UploadRecord.find(record.requireID(), on: app.db)?.state
    }

    @Test("a photo lands in quarantine, stored under a generated key, and becomes clean once clamd says OK", arguments: TestDatabase.allCases)
    func clean(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let record = try await Self.receive(app, UploadInspectionTests.png(width: 800, height: 600), as: "../../ركبة.png")
            #expect(record.state == .quarantined && record.displayName == "ركبة.png" && record.kind == .png)
            #expect(record.storageKey.hasPrefix("uploads/") && !record.storageKey.contains("png"))
            #expect(try await JobRecord.query(on: app.db).filter(\.$kind == ScanUploadJob.kind).count() == 1)
            try await Self.work(app)
            let stored = try #require(try await UploadRecord.find(record.requireID(), on: app.db))
            #expect(stored.state == .clean && stored.scannedAt != nil && stored.scanDetail == nil)
            let actions = try await AuditTrail.latest(5, on: app.db).map { "\($0.action):\($0.outcome)" }
            #expect(actions.prefix(2) == ["upload.scan:success", "upload.receive:success"])
        }
    }

    @Test("EICAR, alone or inside a ZIP study, is infected, kept out of reach and audited", arguments: TestDatabase.allCases)
    func infected(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let alone = try await Self.receive(app, UploadInspectionTests.dicom() + ClamdTests.eicar, as: "IM000001")
            var zip = ZipBuilder()
            zip.add("DICOM/IM000001", UploadInspectionTests.dicom())
            zip.add("DICOM/notes.txt", ClamdTests.eicar)
            let archive = try await Self.receive(app, zip.build(), as: "cd.zip", by: .user(UUID()))
            try await Self.work(app)
            for record in [alone, archive] {
                let stored = try #require(try await UploadRecord.find(record.requireID(), on: app.db))
                #expect(stored.state == .infected && stored.scanDetail == "Health-Connect-EICAR-Test.UNOFFICIAL")
            }
            let infected = try await AuditTrail.latest(10, on: app.db).filter { $0.action == "upload.infected" }
            #expect(infected.count == 2 && infected.allSatisfy { $0.outcome == "failure" && $0.detail.contains("EICAR") })
        }
    }

    @Test("a refused file stores nothing and records nothing")
    func refusedStoresNothing() async throws {
        try await withTestApp { app in
            await #expect(throws: UploadRefusal.extensionMismatch(.png)) {
                _ = try await Self.receive(app, UploadInspectionTests.png(width: 10, height: 10), as: "report.pdf")
            }
            await #expect(throws: UploadRefusal.empty) { _ = try await Self.receive(app, [], as: "x.jpg") }
            let count = try await UploadRecord.query(on: app.db).count()
            #expect(count == 0)
            let folder = app.webContext.configuration.storageFolder + "/uploads"
            #expect(((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).isEmpty)
        }
    }

    @Test("while clamd is down uploads wait in quarantine without using their attempts, then pass once it is back",
          arguments: TestDatabase.allCases)
    func outage(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            // Down: nothing listens where clamd should be, as after clamd stopped. Back: the running one.
            let down = Uploads(storage: app.uploads.storage, limits: app.uploads.limits, audit: app.uploads.audit,
                               clamd: ClamdClient(address: .tcp(host: "127.0.0.1", port: try Self.closedPort())), keyring: app.webContext.configuration.secretKeys)
            let record = try await Self.receive(app, UploadInspectionTests.png(width: 64, height: 64), as: "x-ray.png")
            let sql = try #require(app.db as? any SQLDatabase)
            for _ in 0..<3 {
                try await Self.work(app, down)
                let job = try #require(try await JobRecord.query(on: app.db).filter(\.$kind == ScanUploadJob.kind).first())
                #expect(job.state == .pending && job.attempts == 0 && job.lastError?.contains("cannot connect to clamd") == true)
                #expect(try await Self.state(app, record) == .quarantined)
                try await sql.raw("UPDATE jobs SET run_at = \(bind: Date().addingTimeInterval(-1)) WHERE kind = \(bind: ScanUploadJob.kind)").run()
            }
            try await Self.work(app)
            #expect(try await Self.state(app, record) == .clean)
        }
    }

    /// A local port nothing listens on: bound for a moment to learn a free one, then closed.
    static func closedPort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        guard bound else { throw TestSetupError("cannot find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @Test("the sweep queues again a scan that was lost, and deletes a visitor's upload no form took within a day",
          arguments: TestDatabase.allCases)
    func sweep(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let yesterday = Date().addingTimeInterval(-25 * 3600)
            let lost = try await Self.receive(app, UploadInspectionTests.png(width: 64, height: 64), as: "a.png", by: .user(UUID()), now: yesterday)
            let unclaimed = try await Self.receive(app, UploadInspectionTests.png(width: 64, height: 64), as: "b.png", now: yesterday)
            let fresh = try await Self.receive(app, UploadInspectionTests.png(width: 64, height: 64), as: "c.png")
            try await JobRecord.query(on: app.db).filter(\.$kind == ScanUploadJob.kind).delete()

            // Swept a moment after the fresh upload, whatever a loaded machine's clock says by now:
            // past a minute, the fresh one would count as a lost scan too.
            let sweptAt = fresh.createdAt.addingTimeInterval(1)
            let swept = try await app.uploads.sweep(on: app.db, now: sweptAt)
            #expect(swept.rescans == 1 && swept.expired == 1)
            #expect(try await UploadRecord.find(unclaimed.requireID(), on: app.db) == nil)
            #expect(try await UploadRecord.find(fresh.requireID(), on: app.db) != nil)
            #expect(try await app.uploads.sweep(on: app.db, now: sweptAt).rescans == 0, "a pending scan is not queued twice")
            try await Self.work(app)
            #expect(try await Self.state(app, lost) == .clean)
            let storage = try #require(app.uploads.storage as? FileStorage)
            #expect(storage.file(for: try #require(ObjectKey(unclaimed.storageKey))) == nil, "its bytes were deleted by the job")
            #expect(try await AuditTrail.latest(20, on: app.db).contains { $0.action == "upload.delete" && $0.actorID == "media.sweep" })
        }
    }
}
