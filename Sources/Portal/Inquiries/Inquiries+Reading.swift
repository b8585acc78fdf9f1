import Accounts
import Audit
import Core
import FluentKit
import Foundation
import Media

extension Inquiries {
    /// An inquiry as those allowed to read it see it: what was written, and its files with
    /// their previews.
    public struct Opened: Sendable {
        public let details: InquiryDetails
        public let files: [UploadAccess.RecordFile]
    }

    /// A patient's own inquiries, the newest first (the metadata: opening one is `open`).
    public func inquiries(of patientID: UUID, by actor: AccessActor, origin: AuditOrigin, on database: any Database) async throws -> [InquiryRecord] {
        try await accounts.authorize(actor, .read, .patientRecord(patientID: patientID), origin: origin, on: database)
        return try await InquiryRecord.query(on: database).filter(\.$patientID == patientID).sort(\.$createdAt, .descending).all()
    }

    /// One inquiry, after `authorize` (audited, naming the inquiry and, when known, the patient).
    /// An unknown id is refused like one the actor may not read, so ids cannot be probed.
    /// With `previews`, clean files come with short-lived links to see them (recorded as given).
    public func open(_ id: UUID, by actor: AccessActor, emergencyReason: String? = nil, previews: Bool = true, origin: AuditOrigin,
                     on database: any Database, now: Date = Date()) async throws -> Opened {
        guard let record = try await InquiryRecord.find(id, on: database) else {
            try await accounts.authorize(actor, .read, .inquiry(id: id, region: "", patientID: nil), origin: origin, on: database)
            throw InquiryError.notFound
        }
        try await accounts.authorize(actor, .read, record.accessResource, emergencyReason: emergencyReason, origin: origin, on: database)
        let attached = try await uploads.attached(to: "inquiry", id: id.uuidString.lowercased(), on: database)
        let files = try await uploads.recordFiles(attached, pictures: true, links: previews, on: database, now: now)
        let shown = files.filter { $0.picture != nil || !$0.previews.isEmpty }.compactMap { $0.record.id?.uuidString.lowercased() }
        if !shown.isEmpty {
            // Links to the files' contents went out with the page: which ones is on record.
            try await audit.append(AuditEvent(actor: actor.auditActor, action: "upload.preview", resource: Self.resource(record), origin: origin,
                                              detail: ["uploads": .array(shown.map(JSONValue.string))],
                                              subject: record.patientID.map(AuditSubject.patient)), on: database, at: now)
        }
        return Opened(details: try details(of: record), files: files)
    }
}

extension InquiryRecord {
    /// What `authorize` is asked about for this inquiry.
    public var accessResource: AccessResource {
        .inquiry(id: id, region: region, patientID: patientID, surgeonID: surgeonID)
    }
}

extension Inquiries {
    /// A five-minute link to a clean file of the inquiry, after `authorize` on the inquiry;
    /// audited as the file's opening. Nil while it is not clean or not the inquiry's.
    public func fileLink(_ uploadID: UUID, of inquiryID: UUID, by actor: AccessActor, origin: AuditOrigin, on database: any Database,
                         now: Date = Date()) async throws -> String? {
        guard let record = try await InquiryRecord.find(inquiryID, on: database) else { throw InquiryError.notFound }
        try await accounts.authorize(actor, .read, record.accessResource, origin: origin, on: database)
        guard let upload = try await UploadRecord.find(uploadID, on: database), upload.attachedType == "inquiry",
              upload.attachedID == inquiryID.uuidString.lowercased(), upload.state == .clean, let key = ObjectKey(upload.storageKey) else {
            return nil
        }
        try await audit.append(AuditEvent(actor: actor.auditActor, action: "upload.open", resource: Uploads.resource(upload), origin: origin,
                                          detail: ["inquiry": .string(inquiryID.uuidString.lowercased())],
                                          subject: record.patientID.map(AuditSubject.patient)), on: database, at: now)
        return try uploads.storage.signedURL(for: key, expiresAt: now.addingTimeInterval(UploadAccess.linkLifetime),
                                             filename: upload.displayName, contentType: upload.kind.contentType)
    }
}
