import Audit
import Core
import Crypto
import FluentKit
import Foundation
import Jobs
import NIOCore
import SQLKit

/// Only an upload in quarantine or not scanned can be scanned again.
public struct UploadNotRetryable: DomainError {
    public init() {}
    public var kind: ErrorKind { .conflict }
    public var messageKey: String { msgid("This file cannot be scanned again: it is infected, deleted, or already clean.") }
}

/// Who sent an upload.
public enum Uploader: Sendable, Equatable {
    /// A signed-in user, into their own records.
    case user(UUID)
    /// A visitor filling in a form (the inquiry): `formKey` is a hash of the form's signed token.
    case visitor(formKey: String)
    /// Staff adding to the media library: the file belongs to the library, not to anyone's record.
    case library(UUID)
}

/// Receiving, scanning and deleting uploads. Every upload lands in quarantine; only a scan that
/// clamd answers with an exact `stream: OK` makes it clean, and nothing else is ever served.
public struct Uploads: Sendable {
    public let storage: any ObjectStorage
    public let limits: UploadLimits
    public let audit: AuditTrail
    /// Nil when none is configured (development without clamd): uploads then stay in quarantine.
    public let clamd: ClamdClient?
    /// How long a visitor's upload may wait for its form to be submitted.
    public static let unattachedLifetime: TimeInterval = 24 * 3600
    /// How long a scan waits before trying clamd again.
    public static let clamdRetryDelay: TimeInterval = 30

    /// Where the faces spool arriving files before `receive` (on disk, never in memory).
    public let spoolFolder: String
    /// Seals the identifying tags read from DICOM headers.
    let encryption: FieldEncryption

    public init(storage: any ObjectStorage, limits: UploadLimits, audit: AuditTrail, clamd: ClamdClient?, keyring: SecretKeyring,
                spoolFolder: String = FileManager.default.temporaryDirectory.appendingPathComponent("hc-uploads").path) {
        self.storage = storage
        self.limits = limits
        self.audit = audit
        self.clamd = clamd
        self.encryption = FieldEncryption(keyring: keyring)
        self.spoolFolder = spoolFolder
    }

    /// A private folder for one job's temporary files; the caller removes it.
    static func workFolder(_ purpose: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hc-\(purpose)-\(UUID().uuidString.lowercased())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return folder
    }

    /// An object's bytes copied to `path`, in chunks.
    func download(_ key: ObjectKey, to path: String) async throws {
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
              let handle = FileHandle(forWritingAtPath: path) else { throw StorageError(.unavailable, "cannot write \(path)") }
        defer { try? handle.close() }
        for try await chunk in try await storage.get(key) {
            try chunk.withUnsafeReadableBytes { try handle.write(contentsOf: $0) }
        }
    }

    /// Inspects a spooled upload, stores it under a new key and records it in quarantine, with its
    /// scan queued in the same transaction. A refusal (`UploadRefusal`) stores nothing.
    public func receive(spooledAt path: String, claimedName: String, by uploader: Uploader, network: String,
                        origin: AuditOrigin, on database: any Database, now: Date = Date()) async throws -> UploadRecord {
        let inspected = try UploadInspection.inspect(path: path, claimedName: claimedName, limits: limits)
        // Checked before storing, so a visitor over quota costs no storage; checked again under
        // the locks below, where it counts.
        try await checkQuota(of: uploader, network: network, adding: inspected.byteCount, on: database, now: now)
        let digest = try await Self.sha256(FileChunks(path: path))
        let key = ObjectKey.generate(under: "uploads")
        try await storage.put(key, chunks: FileChunks(path: path), length: inspected.byteCount, contentType: inspected.kind.contentType)

        let record = UploadRecord()
        record.id = UUID()
        switch uploader {
        case .user(let id): record.ownerID = id
        case .visitor(let formKey): record.formKey = formKey
        case .library: record.attachedType = MediaLibrary.attachment
        }
        record.network = network
        record.kind = inspected.kind
        record.byteCount = inspected.byteCount
        record.displayName = inspected.name.value
        record.storageKey = key.value
        record.sha256 = digest
        record.state = .quarantined
        record.createdAt = now
        do {
            try await database.writeTransaction { db in
                if case .visitor(let formKey) = uploader, db.dialect.name == "postgresql" {
                    // Always the form, then the network: two uploads never wait on each other crosswise.
                    try await db.raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: "upload-form:" + formKey)))").run()
                    try await db.raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: "upload-network:" + network)))").run()
                }
                try await checkQuota(of: uploader, network: network, adding: inspected.byteCount, on: db, now: now)
                try await record.create(on: db)
                try await JobQueue.enqueue(try Self.scanJob(record.requireID()), on: db, now: now)
                try await audit.append(AuditEvent(
                    actor: Self.actor(uploader), action: "upload.receive", resource: Self.resource(record), origin: origin,
                    detail: ["kind": .string(inspected.kind.rawValue), "bytes": .int(inspected.byteCount)], subject: Self.subject(record)
                ), on: db, at: now)
            }
        } catch {
            try? await storage.delete(key)
            throw error
        }
        return record
    }

    /// Refuses a visitor's upload that would take their form, or their network's day, past its quota.
    /// Signed-in users upload into their own records and are limited per file and request only.
    func checkQuota(of uploader: Uploader, network: String, adding bytes: Int64, on database: any Database, now: Date) async throws {
        guard case .visitor(let formKey) = uploader else { return }
        guard let sql = database as? any SQLDatabase else { throw UnsupportedDatabase() }
        // PostgreSQL sums a bigint as numeric: cast back so both engines answer an integer.
        let row = try await sql.raw("""
            SELECT CAST(COALESCE(SUM(CASE WHEN form_key = \(bind: formKey) THEN byte_count ELSE 0 END), 0) AS BIGINT) AS form,
                   CAST(COALESCE(SUM(CASE WHEN network = \(bind: network) AND created_at > \(bind: now.addingTimeInterval(-24 * 3600))
                                          THEN byte_count ELSE 0 END), 0) AS BIGINT) AS day
            FROM uploads WHERE form_key IS NOT NULL
            """).first(decoding: QuotaUse.self)
        let form = row?.form ?? 0
        let day = row?.day ?? 0
        guard form + bytes <= limits.bytesPerForm, day + bytes <= limits.bytesPerNetworkPerDay else {
            throw UploadRefusal.quotaExceeded
        }
    }

    private struct QuotaUse: Decodable {
        var form: Int64
        var day: Int64
    }

    /// Scans a quarantined upload with clamd and records the verdict. clamd being unreachable is
    /// not the upload's fault: the scan waits (`JobRetryLater`) and never uses up its attempts.
    public func scan(_ id: UUID, on database: any Database, now: Date = Date()) async throws {
        guard let record = try await UploadRecord.find(id, on: database), record.state == .quarantined else { return }
        guard let clamd else { throw JobRetryLater("no clamd is configured (HC_CLAMD_URL)", after: Self.clamdRetryDelay * 10) }
        guard let key = ObjectKey(record.storageKey) else { throw PermanentJobFailure("upload \(id) has an invalid storage key") }
        var verdict: ScanVerdict
        var entries: Int?
        do {
            verdict = try await clamd.scan(try await storage.get(key))
            if verdict == .clean, record.kind == .dicomArchive {
                (verdict, entries) = try await scanEntries(of: key, with: clamd)
            }
        } catch let unavailable as ClamdUnavailable {
            throw JobRetryLater(unavailable.description, after: Self.clamdRetryDelay)
        } catch let error as StorageError where error.kind == .notFound {
            throw PermanentJobFailure("upload \(id)'s object is missing from storage")
        }
        let scannedEntries = entries
        let (state, detail): (UploadState, String?) = switch verdict {
        case .clean: (.clean, nil)
        case .infected(let signature): (.infected, signature)
        case .unscanned(let reason): (.unscanned, reason)
        }
        try await database.transaction { db in
            guard let sql = db as? any SQLDatabase else { throw UnsupportedDatabase() }
            // Only the scan that moves it out of quarantine records a verdict, should two run.
            let moved = try await sql.raw("""
                UPDATE uploads SET state = \(bind: state.rawValue), scan_detail = \(bind: detail), scanned_at = \(bind: now)
                WHERE id = \(bind: id) AND state = 'quarantined' RETURNING id
                """).all()
            guard !moved.isEmpty else { return }
            try await audit.append(AuditEvent(
                actor: .system("clamd"), action: state == .infected ? "upload.infected" : "upload.scan", resource: Self.resource(record),
                outcome: state == .clean ? .success : .failure,
                detail: ["verdict": .string(state.rawValue), "signature": detail.map { .string($0) } ?? .null,
                         "entries": scannedEntries.map { .int(Int64($0)) } ?? .null],
                subject: Self.subject(record)
            ), on: db, at: now)
            if state == .clean, record.kind == .dicom || record.kind == .dicomArchive {
                try await JobQueue.enqueue(try NewJob(kind: DicomPreviewJob.kind, payload: UploadJobPayload(upload: id), maxAttempts: 5,
                                                      idempotencyKey: "media.dicom-previews:\(id.uuidString.lowercased())"), on: db, now: now)
            }
        }
    }

    /// An archive that passed as a whole, unpacked and each entry scanned on its own: clamd's
    /// archive scanning has limits of its own, and what a viewer opens is the entry. The first
    /// entry that is not clean decides, named in the verdict.
    func scanEntries(of key: ObjectKey, with clamd: ClamdClient) async throws -> (ScanVerdict, Int) {
        let work = try Self.workFolder("scan")
        defer { try? FileManager.default.removeItem(atPath: work) }
        try await download(key, to: work + "/archive.zip")
        let files: [String]
        do {
            files = try await ArchiveUnpacker.unpack(work + "/archive.zip", into: work + "/entries")
        } catch {
            return (.unscanned(reason: "the archive could not be unpacked"), 0)
        }
        for file in files {
            let entry = String(file.dropFirst(work.count + "/entries/".count))
            switch try await clamd.scan(FileChunks(path: file)) {
            case .clean: continue
            case .infected(let signature): return (.infected(signature: "\(signature) in \(entry)"), files.count)
            case .unscanned(let reason): return (.unscanned(reason: "\(reason) in \(entry)"), files.count)
            }
        }
        return (.clean, files.count)
    }

    /// Queues the scan again of every quarantined upload whose scan job was lost (an operator
    /// discarded it, a restore dropped it), and deletes visitors' uploads that no submitted form
    /// took within a day. Returns how many of each.
    public func sweep(on database: any Database, now: Date = Date()) async throws -> (rescans: Int, expired: Int) {
        let stale = try await UploadRecord.query(on: database).filter(\.$formKey != nil).filter(\.$attachedID == nil)
            .filter(\.$createdAt < now.addingTimeInterval(-Self.unattachedLifetime)).all()
        for record in stale {
            try await delete(record, by: .system("media.sweep"), origin: AuditOrigin(), on: database, now: now)
        }
        var rescans = 0
        let waiting = try await UploadRecord.query(on: database).filter(\.$state == .quarantined)
            .filter(\.$createdAt < now.addingTimeInterval(-60)).all()
        for record in waiting where try await JobQueue.enqueue(try Self.scanJob(record.requireID()), on: database, now: now) != nil {
            rescans += 1
        }
        return (rescans, stale.count)
    }

    /// Queues the scan of an upload clamd did not scan (or whose scan was lost) again. An infected
    /// upload stays infected: it can only be deleted.
    public func retryScan(_ id: UUID, by actor: AuditActor, origin: AuditOrigin, on database: any Database, now: Date = Date()) async throws {
        try await database.writeTransaction { db in
            let moved = try await db.raw("""
                UPDATE uploads SET state = 'quarantined', scan_detail = NULL, scanned_at = NULL
                WHERE id = \(bind: id) AND state IN ('quarantined', 'unscanned') RETURNING id
                """).all()
            guard !moved.isEmpty else { throw UploadNotRetryable() }
            try await JobQueue.enqueue(try Self.scanJob(id), on: db, now: now)
            try await audit.append(AuditEvent(actor: actor, action: "upload.retry", resource: AuditResource(type: "upload", id: id.uuidString.lowercased()),
                                              origin: origin), on: db, at: now)
        }
    }

    /// Deletes the record now and its stored object in a job, retried until the store confirms.
    public func delete(_ record: UploadRecord, by actor: AuditActor, origin: AuditOrigin, on database: any Database,
                       now: Date = Date()) async throws {
        try await database.transaction { db in
            let previews = try await UploadPreviewRecord.query(on: db).filter(\.$uploadID == record.requireID()).all()
            try await UploadPreviewRecord.query(on: db).filter(\.$uploadID == record.requireID()).delete()
            try await record.delete(on: db)
            for key in [record.storageKey] + previews.map(\.storageKey) {
                try await JobQueue.enqueue(try Self.deleteObjectJob(key), on: db, now: now)
            }
            try await audit.append(AuditEvent(actor: actor, action: "upload.delete", resource: Self.resource(record), origin: origin,
                                              detail: ["state": .string(record.state.rawValue)], subject: Self.subject(record)), on: db, at: now)
        }
    }

    static func deleteObjectJob(_ key: String) throws -> NewJob {
        try NewJob(kind: DeleteStoredObjectJob.kind, payload: DeleteStoredObjectJob.Payload(key: key), maxAttempts: 20)
    }

    static func scanJob(_ id: UUID) throws -> NewJob {
        try NewJob(kind: ScanUploadJob.kind, payload: UploadJobPayload(upload: id), maxAttempts: 5,
                   idempotencyKey: "media.scan:\(id.uuidString.lowercased())")
    }

    static func actor(_ uploader: Uploader) -> AuditActor {
        switch uploader {
        case .user(let id), .library(let id): .user(id.uuidString.lowercased())
        case .visitor: .anonymous
        }
    }

    public static func resource(_ record: UploadRecord) -> AuditResource {
        AuditResource(type: "upload", id: record.id?.uuidString.lowercased())
    }

    /// The patient whose record a signed-in upload belongs to.
    static func subject(_ record: UploadRecord) -> AuditSubject? {
        record.ownerID.map(AuditSubject.patient)
    }

    static func sha256<Chunks: AsyncSequence>(_ chunks: Chunks) async throws -> String where Chunks.Element == ByteBuffer {
        var hasher = SHA256()
        for try await chunk in chunks { chunk.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) } }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
