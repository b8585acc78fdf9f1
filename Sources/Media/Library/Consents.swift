import Audit
import Core
import FluentKit
import Foundation
import Jobs

/// What a consent says, as a coordinator records it from the signed form.
public struct ConsentTerms: Sendable {
    public var photoLevel: PhotoConsentLevel
    /// Empty for every locale.
    public var locales: [SiteLocale]
    public var expiresAt: Date?
    public var evidenceUpload: UUID?
    public var evidenceReference: String?

    public init(photoLevel: PhotoConsentLevel, locales: [SiteLocale] = [], expiresAt: Date? = nil, evidenceUpload: UUID? = nil,
                evidenceReference: String? = nil) {
        self.photoLevel = photoLevel
        self.locales = locales
        self.expiresAt = expiresAt
        self.evidenceUpload = evidenceUpload
        self.evidenceReference = evidenceReference
    }
}

extension MediaLibrary {
    /// What a consent's signed form is attached to (`attached_type`), once the consent is recorded.
    public static let consentAttachment = "consent"

    static func consentResource(_ id: UUID) -> AuditResource {
        AuditResource(type: "consent", id: id.uuidString.lowercased())
    }

    /// Records a person's consent, or records it again with new terms: one record per person and
    /// purpose. Terms that allow less than before unpublish what they no longer allow, as a
    /// withdrawal does.
    @discardableResult
    public func recordConsent(for subject: ConsentSubject, purpose: ConsentPurpose = .photos, _ terms: ConsentTerms, by user: UUID,
                              origin: AuditOrigin, on database: any Database, now: Date = Date()) async throws -> ConsentRecord {
        var problems: [String: String] = [:]
        if case .person(let name) = subject, name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            problems["subject"] = msgid("Enter the name of the person the consent covers.")
        }
        if let expiresAt = terms.expiresAt, expiresAt <= now { problems["expires"] = msgid("The expiry must be in the future.") }
        if terms.evidenceUpload == nil, (terms.evidenceReference ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            problems["evidence"] = msgid("Attach the signed form, or say where the signed consent is kept.")
        }
        if let uploadID = terms.evidenceUpload {
            // The form arrives through the library's upload, and is taken from there once only.
            let upload = try await UploadRecord.find(uploadID, on: database)
            if let upload, upload.attachedType == Self.attachment, upload.attachedID == nil {
                if !(upload.kind.isImage || upload.kind == .pdf) {
                    problems["evidence"] = msgid("Attach the signed form as a PDF or as a photo of the paper.")
                }
            } else {
                problems["evidence"] = msgid("The signed form could not be attached. Choose the file again.")
            }
        }
        guard problems.isEmpty else { throw ValidationFailure(problems) }
        return try await database.writeTransaction { db in
            let existing = try await ConsentRecord.query(on: db).filter(\.$subjectKey == subject.key).filter(\.$purpose == purpose).first()
            let consent = existing ?? ConsentRecord()
            let narrowed = existing.map { old in
                old.level(at: now) > terms.photoLevel || (!terms.locales.isEmpty && Set(terms.locales) != Set(old.locales))
                    || (terms.expiresAt.map { end in old.expiresAt.map { end < $0 } ?? true } ?? false)
            } ?? false
            if existing == nil {
                consent.id = UUID()
                consent.subjectKey = subject.key
                consent.purpose = purpose
                switch subject {
                case .account(let id): consent.subjectUserID = id
                case .person(let name): consent.subjectName = name.trimmingCharacters(in: .whitespacesAndNewlines)
                }
            }
            consent.photoLevel = terms.photoLevel
            consent.locales = terms.locales
            consent.expiresAt = terms.expiresAt
            consent.evidenceUploadID = terms.evidenceUpload
            consent.evidenceReference = terms.evidenceReference?.trimmingCharacters(in: .whitespacesAndNewlines)
            consent.recordedBy = user
            consent.recordedAt = now
            consent.withdrawnAt = nil
            consent.withdrawnBy = nil
            try await consent.save(on: db)
            let id = try consent.requireID()
            if let uploadID = terms.evidenceUpload {
                // The signed form joins the patient's record, where they and their care team see it.
                try await UploadRecord.query(on: db).filter(\.$id == uploadID).set(\.$attachedType, to: Self.consentAttachment)
                    .set(\.$attachedID, to: id.uuidString.lowercased()).set(\.$ownerID, to: consent.subjectUserID).update()
            }
            if narrowed { try await JobQueue.enqueue(try Self.consentChangedJob(id, at: now), on: db, now: now) }
            try await audit.append(AuditEvent(
                actor: .user(user.uuidString.lowercased()), action: existing == nil ? "consent.record" : "consent.rerecord",
                resource: Self.consentResource(id), origin: origin,
                detail: ["purpose": .string(purpose.rawValue), "photo_level": .string(terms.photoLevel.rawValue),
                         "locales": .string(consent.storedLocales), "narrowed": .bool(narrowed),
                         "evidence_upload": terms.evidenceUpload.map { .string($0.uuidString.lowercased()) } ?? .null],
                subject: consent.subjectUserID.map(AuditSubject.patient)
            ), on: db, at: now)
            return consent
        }
    }

    /// Withdraws a consent. Public renditions of the assets it covered stop answering at once
    /// (the public route checks the consent); a job then withdraws them for good, deletes their
    /// bytes, has their pages made again and purges them. Withdrawing twice changes nothing.
    public func withdrawConsent(_ id: UUID, by user: UUID, origin: AuditOrigin, on database: any Database, now: Date = Date()) async throws {
        try await database.writeTransaction { db in
            guard let consent = try await ConsentRecord.find(id, on: db) else { throw MediaLibraryError.consentNotFound }
            guard consent.withdrawnAt == nil else { return }
            consent.withdrawnAt = now
            consent.withdrawnBy = user
            try await consent.save(on: db)
            try await JobQueue.enqueue(try Self.consentChangedJob(id, at: now), on: db, now: now)
            try await audit.append(AuditEvent(actor: .user(user.uuidString.lowercased()), action: "consent.withdraw",
                                              resource: Self.consentResource(id), origin: origin,
                                              detail: ["purpose": .string(consent.purpose.rawValue)],
                                              subject: consent.subjectUserID.map(AuditSubject.patient)), on: db, at: now)
        }
    }

    /// The consents of the people in each asset.
    public func consents(of assets: [UUID], on database: any Database) async throws -> [UUID: [ConsentRecord]] {
        guard !assets.isEmpty else { return [:] }
        let links = try await MediaAssetPersonRecord.query(on: database).filter(\.$assetID ~~ assets).all()
        let records = try await ConsentRecord.query(on: database).filter(\.$id ~~ Set(links.map(\.consentID))).all()
        let byID = Dictionary(uniqueKeysWithValues: records.compactMap { record in record.id.map { ($0, record) } })
        return Dictionary(grouping: links, by: \.assetID).mapValues { $0.compactMap { byID[$0.consentID] } }
    }
}
