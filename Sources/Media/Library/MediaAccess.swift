import Accounts
import Audit
import Core
import FluentKit
import Foundation

/// The media library as staff reach it: every read and change through `authorize` on the `media`
/// resource first (editors, coordinators and administrators after a second factor; patients
/// never), each decision audited there.
public struct MediaAccess: Sendable {
    public let library: MediaLibrary
    public let accounts: Accounts
    /// How long a preview link lives: long enough for a page to load its images.
    public static let previewLifetime: TimeInterval = 600

    public init(library: MediaLibrary, accounts: Accounts) {
        self.library = library
        self.accounts = accounts
    }

    /// What the library's list is narrowed to.
    public struct Filter: Sendable, Equatable {
        public enum Review: String, Sendable, CaseIterable { case unreviewed, approved }
        /// Whether the asset may be public now.
        public enum Publication: String, Sendable, CaseIterable { case allowed, blocked }

        public var text = ""
        public var kind: MediaKind?
        public var tag: String?
        public var review: Review?
        public var publication: Publication?

        public init(text: String = "", kind: MediaKind? = nil, tag: String? = nil, review: Review? = nil, publication: Publication? = nil) {
            self.text = text
            self.kind = kind
            self.tag = tag
            self.review = review
            self.publication = publication
        }
    }

    /// One asset with what staff need to judge it: its upload's scan, its publication, who is in
    /// it, and a short-lived link to its private preview (nil until it is made).
    public struct Item: Sendable {
        public let asset: MediaAssetRecord
        public let upload: UploadRecord
        public let publication: MediaPublication
        public let people: [ConsentRecord]
        public let previewURL: String?
    }

    public func authorize(_ actor: AccessActor, _ action: AccessAction, origin: AuditOrigin, on database: any Database) async throws {
        try await accounts.authorize(actor, action, .media, origin: origin, on: database)
    }

    /// The newest assets first, narrowed by `filter`: at most `limit` of them, and whether more matched.
    public func search(_ filter: Filter, limit: Int = 48, by actor: AccessActor, origin: AuditOrigin, on database: any Database,
                       now: Date = Date()) async throws -> (items: [Item], more: Bool) {
        try await authorize(actor, .read, origin: origin, on: database)
        var query = MediaAssetRecord.query(on: database).sort(\.$createdAt, .descending).sort(\.$id)
        let text = filter.text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        if !text.isEmpty {
            let pattern = "%" + text.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
            query = query.filter(\.$searchKey, .custom("LIKE"), pattern)
        }
        if let tag = filter.tag.flatMap(MediaLibrary.tag) { query = query.filter(\.$storedTags, .custom("LIKE"), "%,\(tag),%") }
        if let review = filter.review { query = query.filter(\.$reviewState == (review == .approved ? .approved : .unreviewed)) }
        if let kind = filter.kind {
            query = query.join(UploadRecord.self, on: \MediaAssetRecord.$uploadID == \UploadRecord.$id).filter(UploadRecord.self, \.$kind == kind)
        }
        // Publication depends on consents and the clock, so it is decided here, over a bounded scan.
        let candidates = try await query.limit(filter.publication == nil ? limit + 1 : 2000).all()
        var items = try await describe(candidates, on: database, now: now)
        if let wanted = filter.publication {
            items = items.filter { (wanted == .allowed) == ($0.publication.covered != nil) }
        }
        return (Array(items.prefix(limit)), items.count > limit)
    }

    /// One asset, for its page.
    public func item(_ id: UUID, by actor: AccessActor, origin: AuditOrigin, on database: any Database, now: Date = Date()) async throws -> Item {
        try await authorize(actor, .read, origin: origin, on: database)
        guard let asset = try await MediaAssetRecord.find(id, on: database), let item = try await describe([asset], on: database, now: now).first
        else { throw MediaLibraryError.notFound }
        return item
    }

    private func describe(_ assets: [MediaAssetRecord], on database: any Database, now: Date) async throws -> [Item] {
        let ids = assets.compactMap(\.id)
        let consents = try await library.consents(of: ids, on: database)
        let uploads = try await UploadRecord.query(on: database).filter(\.$id ~~ Set(assets.map(\.uploadID))).all()
        let byID = Dictionary(uniqueKeysWithValues: uploads.compactMap { upload in upload.id.map { ($0, upload) } })
        return try assets.compactMap { asset in
            guard let id = asset.id, let upload = byID[asset.uploadID] else { return nil }
            let people = consents[id] ?? []
            let preview = try asset.previewKey.flatMap(ObjectKey.init).map {
                try library.storage.signedURL(for: $0, expiresAt: now.addingTimeInterval(Self.previewLifetime), filename: nil,
                                              contentType: RenditionFormat.jpeg.contentType)
            }
            return Item(asset: asset, upload: upload, publication: MediaPublication(asset: asset, consents: people, now: now), people: people,
                        previewURL: preview)
        }
    }

    /// Every consent on record for photos, the newest first, for choosing who is in a photo.
    public func consents(by actor: AccessActor, origin: AuditOrigin, on database: any Database) async throws -> [ConsentRecord] {
        try await authorize(actor, .read, origin: origin, on: database)
        return try await ConsentRecord.query(on: database).filter(\.$purpose == .photos).sort(\.$recordedAt, .descending).all()
    }

    /// A short-lived link to a consent's signed form, once it is scanned clean (nil until then),
    /// each opening audited against the person it covers.
    public func evidenceLink(of consentID: UUID, by actor: AccessActor, origin: AuditOrigin, on database: any Database,
                             now: Date = Date()) async throws -> String? {
        try await authorize(actor, .read, origin: origin, on: database)
        guard let consent = try await ConsentRecord.find(consentID, on: database), let uploadID = consent.evidenceUploadID,
              let upload = try await UploadRecord.find(uploadID, on: database) else { throw MediaLibraryError.consentNotFound }
        guard let link = try UploadAccess.link(to: upload, now: now, storage: library.storage) else { return nil }
        try await library.audit.append(AuditEvent(actor: actor.auditActor, action: "consent.evidence.open",
                                                  resource: MediaLibrary.consentResource(consentID), origin: origin,
                                                  detail: ["upload": .string(uploadID.uuidString.lowercased())],
                                                  subject: consent.subjectUserID.map(AuditSubject.patient)), on: database, at: now)
        return link
    }

    public func usages(of id: UUID, by actor: AccessActor, origin: AuditOrigin, on database: any Database) async throws -> [MediaUsageRecord] {
        try await authorize(actor, .read, origin: origin, on: database)
        return try await library.usages(of: id, on: database)
    }

    /// Runs a change to the library after `authorize` allowed `action`; the change is audited by
    /// the library itself.
    public func change<T: Sendable>(_ action: AccessAction = .write, by actor: AccessActor, origin: AuditOrigin, on database: any Database,
                                    _ body: (MediaLibrary, UUID) async throws -> T) async throws -> T {
        try await authorize(actor, action, origin: origin, on: database)
        guard case .user(let id, _, _) = actor else { throw AccessDenied(reason: "anonymous") }
        return try await body(library, id)
    }
}
