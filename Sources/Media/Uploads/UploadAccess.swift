import Accounts
import Audit
import FluentKit
import Foundation

/// Uploads as people reach them, every read and change through `authorize` first: a signed-in
/// person's own files (the rule of their record), a visitor's files by their form's token, and
/// the clinic's desk of what is held back (the `upload` resource).
public struct UploadAccess: Sendable {
    public let uploads: Uploads
    public let accounts: Accounts
    /// How long a download link lives: long enough to start the download, too short to pass around.
    public static let linkLifetime: TimeInterval = 300

    public init(uploads: Uploads, accounts: Accounts) {
        self.uploads = uploads
        self.accounts = accounts
    }

    /// Who is sending: a signed-in person into their own record, or a visitor into a form.
    public enum Sender: Sendable {
        case signedIn(AccessActor, userID: UUID)
        case visitor(formKey: String)
        /// Staff adding to the media library.
        case library(AccessActor, userID: UUID)
    }

    /// Stores a spooled file for `sender`, after `authorize` for a signed-in person.
    public func receive(spooledAt path: String, claimedName: String, from sender: Sender, network: String,
                        origin: AuditOrigin, on database: any Database) async throws -> UploadRecord {
        switch sender {
        case .signedIn(let actor, let userID):
            try await accounts.authorize(actor, .write, .patientRecord(patientID: userID), origin: origin, on: database)
            return try await uploads.receive(spooledAt: path, claimedName: claimedName, by: .user(userID), network: network,
                                             origin: origin, on: database)
        case .visitor(let formKey):
            return try await uploads.receive(spooledAt: path, claimedName: claimedName, by: .visitor(formKey: formKey),
                                             network: network, origin: origin, on: database)
        case .library(let actor, let userID):
            try await accounts.authorize(actor, .write, .media, origin: origin, on: database)
            return try await uploads.receive(spooledAt: path, claimedName: claimedName, by: .library(userID), network: network,
                                             origin: origin, on: database)
        }
    }

    /// The files in `ownerID`'s record, the newest first.
    public func files(of ownerID: UUID, by actor: AccessActor, origin: AuditOrigin, on database: any Database,
                      now: Date = Date()) async throws -> [RecordFile] {
        try await accounts.authorize(actor, .read, .patientRecord(patientID: ownerID), origin: origin, on: database)
        let records = try await UploadRecord.query(on: database).filter(\.$ownerID == ownerID).sort(\.$createdAt, .descending).all()
        return try await uploads.recordFiles(records, on: database, now: now)
    }

    /// One upload, for the one who sent it: the signed-in owner, or the visitor holding its form's token.
    /// Nil for anyone else, as if it did not exist.
    public func ownUpload(_ id: UUID, of sender: Sender, on database: any Database) async throws -> UploadRecord? {
        guard let record = try await UploadRecord.find(id, on: database) else { return nil }
        switch sender {
        case .signedIn(_, let userID): return record.ownerID == userID ? record : nil
        case .visitor(let formKey): return record.formKey == formKey ? record : nil
        case .library: return record.attachedType == MediaLibrary.attachment ? record : nil
        }
    }

    /// A short-lived link to a clean file's bytes, issued after `authorize` on the record it belongs
    /// to. Nil while it is not clean: nothing unscanned or infected is ever served.
    public func downloadLink(_ id: UUID, by actor: AccessActor, origin: AuditOrigin, on database: any Database,
                             now: Date = Date()) async throws -> String? {
        guard let record = try await UploadRecord.find(id, on: database) else { return nil }
        guard let ownerID = record.ownerID else {
            // A visitor's upload belongs to the form it came with; until that form is submitted
            // and filed, no record gives anyone the right to open it.
            try await uploads.audit.append(AuditEvent(actor: actor.auditActor, action: "access.denied", resource: Uploads.resource(record),
                                                      outcome: .denied, origin: origin, detail: ["action": "read", "reason": "no-record"]),
                                           on: database, at: now)
            throw AccessDenied(reason: "no-record")
        }
        try await accounts.authorize(actor, .read, .patientRecord(patientID: ownerID), origin: origin, on: database)
        guard let link = try Self.link(to: record, now: now, storage: uploads.storage) else { return nil }
        try await uploads.audit.append(AuditEvent(actor: actor.auditActor, action: "upload.open", resource: Uploads.resource(record),
                                                  origin: origin, subject: Uploads.subject(record)), on: database, at: now)
        return link
    }

    /// A link to `record`'s bytes that lives `linkLifetime`, named and typed as the file; nil while
    /// it is not clean. The caller has authorised the reader and audits the opening.
    static func link(to record: UploadRecord, now: Date, storage: any ObjectStorage) throws -> String? {
        guard record.state == .clean, let key = ObjectKey(record.storageKey) else { return nil }
        return try storage.signedURL(for: key, expiresAt: now.addingTimeInterval(linkLifetime), filename: record.displayName,
                                     contentType: record.kind.contentType)
    }

    // MARK: The clinic's desk

    /// Uploads held back (in quarantine, infected or not scanned), the oldest first: the metadata only.
    public func heldBack(by actor: AccessActor, origin: AuditOrigin, on database: any Database, limit: Int = 200) async throws -> [UploadRecord] {
        try await accounts.authorize(actor, .read, .upload(id: nil), origin: origin, on: database)
        return try await UploadRecord.query(on: database).filter(\.$state != .clean).sort(\.$createdAt, .ascending).limit(limit).all()
    }

    /// Puts an upload back in quarantine and queues its scan again (one clamd could not read, or
    /// one waiting on a lost job).
    public func retryScan(_ id: UUID, by actor: AccessActor, origin: AuditOrigin, on database: any Database) async throws {
        try await accounts.authorize(actor, .write, .upload(id: id), origin: origin, on: database)
        try await uploads.retryScan(id, by: actor.auditActor, origin: origin, on: database)
    }

    /// Deletes an upload and, in a job, its stored bytes.
    public func delete(_ id: UUID, by actor: AccessActor, origin: AuditOrigin, on database: any Database) async throws {
        try await accounts.authorize(actor, .delete, .upload(id: id), origin: origin, on: database)
        guard let record = try await UploadRecord.find(id, on: database) else { return }
        try await uploads.delete(record, by: actor.auditActor, origin: origin, on: database)
    }
}
