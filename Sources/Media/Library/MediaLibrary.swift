import Audit
import Core
import FluentKit
import Foundation
import Jobs
import SQLKit

/// Told when public renditions of assets stop answering, so pages that show them are made again
/// without them. The CMS implements it; until then nothing else holds a copy.
public protocol MediaPublicationHooks: Sendable {
    func assetsUnpublished(_ assets: [UUID], on database: any Database) async throws
}

/// Asks a CDN to forget public image paths (`HTTPCDNPurger` when `HC_CDN_PURGE_URL` is set).
/// None by default: the bounded `max-age` of public renditions limits how long an unpurged CDN
/// keeps one.
public protocol CDNPurger: Sendable {
    func purge(paths: [String]) async throws
}

public struct NoPublicationHooks: MediaPublicationHooks {
    public init() {}
    public func assetsUnpublished(_ assets: [UUID], on database: any Database) async throws {}
}

public struct NoCDNPurger: CDNPurger {
    public init() {}
    public func purge(paths: [String]) async throws {}
}

/// The media library: images made assets, the consents of the people in them, their review, and
/// the public renditions that follow. Every change that could publish a face is checked here.
public struct MediaLibrary: Sendable {
    public let uploads: Uploads
    public let hooks: any MediaPublicationHooks
    public let purger: any CDNPurger
    /// What a library upload is attached to (`attached_type`).
    public static let attachment = "media_library"
    /// The longest side of the private preview staff review.
    static let previewSide = 1600
    /// Where public renditions are served, for purging: `/images/<name>`.
    public static let publicPath = "/images/"

    var storage: any ObjectStorage { uploads.storage }
    var audit: AuditTrail { uploads.audit }
    var maxPixels: Int64 { uploads.limits.imagePixels }

    public init(uploads: Uploads, hooks: any MediaPublicationHooks = NoPublicationHooks(), purger: any CDNPurger = NoCDNPurger()) {
        self.uploads = uploads
        self.hooks = hooks
        self.purger = purger
    }

    static func resource(_ asset: UUID) -> AuditResource {
        AuditResource(type: "media_asset", id: asset.uuidString.lowercased())
    }

    /// Makes an image upload an asset. Its size and faces are found in a job once the upload is clean.
    public func createAsset(from upload: UUID, title: String, by user: UUID, origin: AuditOrigin, on database: any Database,
                            now: Date = Date()) async throws -> MediaAssetRecord {
        guard let record = try await UploadRecord.find(upload, on: database), record.kind.isImage,
              record.state == .clean || record.state == .quarantined else { throw MediaLibraryError.notAnImage }
        let asset = MediaAssetRecord()
        asset.id = UUID()
        asset.uploadID = upload
        asset.title = String(title.trimmingCharacters(in: .whitespacesAndNewlines).prefix(200))
        asset.width = 0
        asset.height = 0
        asset.alt = [:]
        asset.focalX = 0.5
        asset.focalY = 0.5
        asset.tags = []
        asset.refreshSearchKey()
        asset.faceBoxes = []
        asset.reviewState = .unreviewed
        asset.revision = 1
        asset.createdBy = user
        asset.createdAt = now
        try await database.writeTransaction { db in
            try await asset.create(on: db)
            try await UploadRecord.query(on: db).filter(\.$id == upload).set(\.$attachedType, to: Self.attachment)
                .set(\.$attachedID, to: try asset.requireID().uuidString.lowercased()).update()
            try await JobQueue.enqueue(try Self.analyseJob(asset.requireID()), on: db, now: now)
            try await audit.append(AuditEvent(actor: .user(user.uuidString.lowercased()), action: "media.create",
                                              resource: Self.resource(try asset.requireID()), origin: origin,
                                              detail: ["upload": .string(upload.uuidString.lowercased())]), on: db, at: now)
        }
        return asset
    }

    /// Reads the clean upload's size and looks for faces. Boxes a person drew stay; the
    /// detector's earlier guesses are replaced.
    public func analyse(_ id: UUID, on database: any Database, now: Date = Date()) async throws {
        guard let asset = try await MediaAssetRecord.find(id, on: database),
              let upload = try await UploadRecord.find(asset.uploadID, on: database) else { return }
        switch upload.state {
        case .quarantined: throw JobRetryLater("upload \(upload.id!) is not scanned yet", after: 5)
        case .infected, .unscanned: throw PermanentJobFailure("upload \(upload.id!) is \(upload.state.rawValue)")
        case .clean: break
        }
        guard let key = ObjectKey(upload.storageKey) else { throw PermanentJobFailure("upload has an invalid storage key") }
        let work = try Uploads.workFolder("analyse")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let source = work + "/source"
        try await uploads.download(key, to: source)
        let (width, height) = try await Imaging.size(of: source, maxPixels: maxPixels)
        let faces = try await Imaging.faces(in: source, maxPixels: maxPixels)
        let preview = ObjectKey.generate(under: "previews"), previewFile = work + "/preview.jpg"
        let side = Self.previewSide
        _ = try await Imaging.render(source, to: previewFile, width: width >= height ? min(side, width) : max(1, min(width, width * side / height)),
                                     focal: (0.5, 0.5), format: .jpeg, maxPixels: maxPixels)
        let previewLength = Int64(try FileManager.default.attributesOfItem(atPath: previewFile)[.size] as? Int ?? 0)
        try await storage.put(preview, chunks: FileChunks(path: previewFile), length: previewLength, contentType: RenditionFormat.jpeg.contentType)
        try await database.writeTransaction { db in
            guard let asset = try await MediaAssetRecord.find(id, on: db) else { return }
            if let old = asset.previewKey { try await JobQueue.enqueue(try Uploads.deleteObjectJob(old), on: db, now: now) }
            asset.previewKey = preview.value
            asset.width = width
            asset.height = height
            asset.faceBoxes = asset.faceBoxes.filter { $0.source == .manual } + faces.map { FaceBox($0, source: .detected) }
            asset.facesDetectedAt = now
            try await asset.save(on: db)
            try await audit.append(AuditEvent(actor: .system("media.analyse"), action: "media.faces", resource: Self.resource(id),
                                              detail: ["found": .int(Int64(faces.count))]), on: db, at: now)
        }
    }

    /// Title, alt text per locale and tags: words only, so renditions and approval stand.
    public func describe(_ id: UUID, title: String, alt: [SiteLocale: String], tags: [String], by user: UUID, origin: AuditOrigin,
                         on database: any Database, now: Date = Date()) async throws {
        let cleanTitle = title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !cleanTitle.isEmpty else { throw ValidationFailure(["title": msgid("Enter a title.")]) }
        try await edit(id, action: "media.describe", by: user, origin: origin, on: database, now: now) { asset, _ in
            asset.title = String(cleanTitle.prefix(200))
            asset.alt = Dictionary(uniqueKeysWithValues: alt.compactMap { locale, text in
                let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
                return trimmed.isEmpty ? nil : (locale.rawValue, String(trimmed.prefix(500)))
            })
            asset.tags = Array(Set(tags.compactMap(Self.tag))).sorted()
            asset.refreshSearchKey()
            return false
        }
    }

    /// A tag as stored: lower case, words joined by hyphens, no commas.
    static func tag(_ text: String) -> String? {
        let words = text.lowercased().split { $0.isWhitespace || $0 == "," || $0 == "-" }
        return words.isEmpty ? nil : String(words.joined(separator: "-").prefix(60))
    }

    /// Where crops centre. Existing renditions stay public until the new ones replace them.
    public func setFocalPoint(_ id: UUID, x: Double, y: Double, by user: UUID, origin: AuditOrigin, on database: any Database,
                              now: Date = Date()) async throws {
        guard (0...1).contains(x), (0...1).contains(y) else {
            throw ValidationFailure(["focal": msgid("The focal point must lie inside the image.")])
        }
        try await edit(id, action: "media.focal-point", by: user, origin: origin, on: database, now: now) { asset, _ in
            asset.focalX = x
            asset.focalY = y
            asset.revision += 1
            return false
        }
    }

    /// The face boxes as a person corrected them. The photo needs approving again, and nothing of
    /// it stays public until it is: a box added means a face the public variant may show.
    public func setFaceBoxes(_ id: UUID, _ boxes: [PixelBox], by user: UUID, origin: AuditOrigin, on database: any Database,
                             now: Date = Date()) async throws {
        try await edit(id, action: "media.faces-edit", by: user, origin: origin, on: database, now: now) { asset, _ in
            guard boxes.allSatisfy({ $0.width > 0 && $0.height > 0 && $0.x >= 0 && $0.y >= 0
                && $0.x + $0.width <= asset.width && $0.y + $0.height <= asset.height }) else {
                throw ValidationFailure(["faces": msgid("Each face box must lie inside the image.")])
            }
            let detected = Set(asset.faceBoxes.filter { $0.source == .detected }.map(\.box))
            asset.faceBoxes = boxes.map { FaceBox($0, source: detected.contains($0) ? .detected : .manual) }
            asset.revision += 1
            return true
        }
    }

    /// Who appears in the asset, by their consents; nobody for a diagram or a building. Like the
    /// boxes, a change needs approving again.
    public func setPeople(_ id: UUID, consents: [UUID], by user: UUID, origin: AuditOrigin, on database: any Database,
                          now: Date = Date()) async throws {
        let wanted = Set(consents)
        try await edit(id, action: "media.people", by: user, origin: origin, on: database, now: now) { asset, db in
            let found = try await ConsentRecord.query(on: db).filter(\.$id ~~ Array(wanted)).count()
            guard found == wanted.count else { throw MediaLibraryError.unknownConsent }
            try await MediaAssetPersonRecord.query(on: db).filter(\.$assetID == id).delete()
            for consent in wanted.sorted(by: { $0.uuidString < $1.uuidString }) {
                let person = MediaAssetPersonRecord()
                person.assetID = id
                person.consentID = consent
                try await person.create(on: db)
            }
            asset.revision += 1
            return true
        }
    }

    /// A person looked at the faces and the people and allows publication; renditions follow in a
    /// job. Faces must have been looked for first, or the review would miss what the detector finds.
    public func approve(_ id: UUID, by user: UUID, origin: AuditOrigin, on database: any Database, now: Date = Date()) async throws {
        try await edit(id, action: "media.approve", by: user, origin: origin, on: database, now: now) { asset, _ in
            guard asset.facesDetectedAt != nil else { throw MediaLibraryError.facesNotLookedFor }
            asset.reviewState = .approved
            asset.reviewedBy = user
            asset.reviewedAt = now
            return false
        }
    }

    /// Loads, changes and saves an asset in one transaction, audited. `change` returns whether the
    /// approval is void; then the asset's public renditions are withdrawn in the same transaction.
    /// Renditions are queued whenever the approved asset's pixels may have changed.
    private func edit(_ id: UUID, action: String, by user: UUID, origin: AuditOrigin, on database: any Database, now: Date,
                      _ change: @escaping @Sendable (MediaAssetRecord, any Database) async throws -> Bool) async throws {
        try await database.writeTransaction { db in
            guard let asset = try await MediaAssetRecord.query(on: db).filter(\.$id == id).first() else { throw MediaLibraryError.notFound }
            let revision = asset.revision
            let voidsApproval = try await change(asset, db)
            if voidsApproval {
                asset.reviewState = .unreviewed
                asset.reviewedBy = nil
                asset.reviewedAt = nil
            }
            try await asset.save(on: db)
            var detail: [String: JSONValue] = ["revision": .int(Int64(asset.revision))]
            if voidsApproval {
                let withdrawn = try await withdrawRenditions(of: [id], on: db, now: now)
                detail["withdrawn"] = .int(Int64(withdrawn))
                try await JobQueue.enqueue(try Self.unpublishedJob([id], at: now), on: db, now: now)
            }
            if asset.reviewState == .approved, asset.revision != revision || action == "media.approve" {
                try await JobQueue.enqueue(try Self.renditionsJob(id), on: db, now: now)
            }
            try await audit.append(AuditEvent(actor: .user(user.uuidString.lowercased()), action: action, resource: Self.resource(id),
                                              origin: origin, detail: detail), on: db, at: now)
        }
    }
}

/// What the media library refuses, in words an editor understands.
public enum MediaLibraryError: DomainError, Equatable {
    case notFound
    case notAnImage
    case unknownConsent
    case facesNotLookedFor
    case consentNotFound
    case inUse

    public var kind: ErrorKind {
        switch self {
        case .notFound, .consentNotFound: .notFound
        case .notAnImage, .unknownConsent: .invalid
        case .facesNotLookedFor, .inUse: .conflict
        }
    }

    public var messageKey: String {
        switch self {
        case .notFound: msgid("This image is not in the media library.")
        case .notAnImage: msgid("Only a photo or an image (JPEG, PNG, WebP, HEIF or AVIF) can join the media library.")
        case .unknownConsent: msgid("One of the people chosen has no consent on record.")
        case .facesNotLookedFor: msgid("The photo is still being checked for faces. Approve it once the faces are shown.")
        case .consentNotFound: msgid("This consent is not on record.")
        case .inUse: msgid("This image is used on a page. Remove it from every page that uses it, then delete it.")
        }
    }
}
