import Accounts
import Audit
import Core
import FluentKit
import Foundation
import Media
import SQLKit

/// The CMS's rules, once: creating typed pages, saving revisions, publishing, scheduling,
/// comparing and reverting, locks, translations and medical review. The public router, the
/// API and the admin are faces over these functions; each one asks `authorize` first.
public struct Pages: Sendable {
    public let tree: PageTree
    public let accounts: Accounts
    public let media: MediaLibrary
    /// A lock nobody renewed for this long no longer holds: its editor closed the tab.
    public static let lockLifetime: TimeInterval = 30 * 60

    var audit: AuditTrail { tree.audit }

    public init(accounts: Accounts, media: MediaLibrary, audit: AuditTrail) {
        self.tree = PageTree(audit: audit)
        self.accounts = accounts
        self.media = media
    }

    func authorize(_ actor: AccessActor, _ action: AccessAction, _ scope: ContentScope, origin: AuditOrigin, on database: any Database) async throws -> UUID {
        try await accounts.authorize(actor, action, .content(scope), origin: origin, on: database)
        guard case .user(let id, _, _) = actor else { throw AccessDenied(reason: "not-signed-in") }
        return id
    }

    static func resource(_ id: UUID) -> AuditResource { PageTree.resource(id) }

    // MARK: Creating and saving

    /// A new page of `typeName` under `parentID` (nil: the locale's home page), its content the
    /// first revision, a draft until it is published.
    public func create(_ typeName: String, locale: SiteLocale, under parentID: UUID?, slug: String, content: PageContent,
                       translationKey: UUID? = nil, sourceRevision: UUID? = nil, by actor: AccessActor, origin: AuditOrigin,
                       on database: any Database, now: Date = Date()) async throws -> PageRecord {
        let user = try await authorize(actor, .write, .drafts, origin: origin, on: database)
        guard let type = PageTypes.declaration(typeName) else { throw ContentError.unknownType }
        let (cleaned, references) = try content.validated(as: type)
        return try await database.writeTransaction { db in
            try await checkReferences(references, locale: locale, on: db, now: now)
            let page: PageRecord
            if let parentID {
                guard let parent = try await PageRecord.find(parentID, on: db) else { throw ContentError.notFound }
                guard !type.isRoot, type.parents.map({ $0.contains(parent.type) }) ?? true, parent.locale == locale else {
                    throw ContentError.notAllowedHere
                }
                page = try await tree.addChild(under: parentID, slug: slug, type: typeName, title: cleaned.title, translationKey: translationKey,
                                               by: user, origin: origin, on: db, now: now)
            } else {
                guard type.isRoot else { throw ContentError.notAllowedHere }
                page = try await tree.addRoot(locale: locale, type: typeName, title: cleaned.title, by: user, origin: origin, on: db, now: now)
                if let translationKey {
                    page.translationKey = translationKey
                    try await page.update(on: db)
                }
            }
            _ = try await addRevision(to: page, cleaned, type: type, sourceRevision: sourceRevision, by: user, origin: origin, on: db, now: now)
            return page
        }
    }

    /// A new revision of the page, the latest; what is live stays live until it is published.
    /// `basedOn` is the revision the editor opened: if someone saved since, nothing is saved.
    /// A translation's revision keeps following the source revision its text follows unless
    /// `sourceRevision` says it now follows a newer one.
    @discardableResult
    public func save(_ pageID: UUID, content: PageContent, basedOn: UUID?, sourceRevision: UUID? = nil, by actor: AccessActor,
                     origin: AuditOrigin, on database: any Database, now: Date = Date()) async throws -> PageRevisionRecord {
        let user = try await authorize(actor, .write, .drafts, origin: origin, on: database)
        return try await database.writeTransaction { db in
            let page = try await lockedPage(pageID, on: db)
            try await checkLock(page, for: user, on: db, now: now)
            guard basedOn == page.latestRevisionID else { throw ContentError.staleRevision }
            guard let type = PageTypes.declaration(page.type) else { throw ContentError.unknownType }
            let (cleaned, references) = try content.validated(as: type)
            try await checkReferences(references, locale: page.locale, on: db, now: now)
            var followed = sourceRevision
            if followed == nil, let latest = page.latestRevisionID { followed = try await PageRevisionRecord.find(latest, on: db)?.sourceRevisionID }
            return try await addRevision(to: page, cleaned, type: type, sourceRevision: followed,
                                         by: user, origin: origin, on: db, now: now)
        }
    }

    func addRevision(to page: PageRecord, _ content: PageContent, type: PageTypeDeclaration, sourceRevision: UUID?, by user: UUID?,
                     action: String = "page.save", actor: AuditActor? = nil, detail: [String: JSONValue] = [:], origin: AuditOrigin,
                     on db: any Database, now: Date) async throws -> PageRevisionRecord {
        let pageID = try page.requireID()
        let last = try await PageRevisionRecord.query(on: db).filter(\.$pageID == pageID).max(\.$number) ?? 0
        let revision = PageRevisionRecord()
        revision.id = UUID()
        revision.pageID = pageID
        revision.number = last + 1
        revision.content = content
        let references = content.references(as: type)
        revision.assetIDs = Self.unique(references.compactMap { if case .asset(let id) = $0.target { id } else { nil } })
        revision.snippetIDs = Self.unique(references.compactMap { if case .snippet(_, let id) = $0.target { id } else { nil } })
        revision.createdBy = user
        revision.createdAt = now
        revision.sourceRevisionID = sourceRevision
        try await revision.create(on: db)
        page.latestRevisionID = revision.id
        if !page.live { page.title = content.title }
        page.updatedAt = now
        try await page.update(on: db)
        try await refreshUsages(of: page, on: db)
        var detail = detail
        detail["revision"] = .int(Int64(revision.number))
        try await audit.append(AuditEvent(actor: actor ?? .user(user?.uuidString.lowercased() ?? ""), action: action, resource: Self.resource(pageID),
                                          origin: origin, detail: detail), on: db, at: now)
        return revision
    }

    static func unique(_ ids: [UUID]) -> [UUID] {
        var seen = Set<UUID>()
        return ids.filter { seen.insert($0).inserted }
    }

    /// The page, its row locked until the transaction ends on PostgreSQL (SQLite has one writer).
    func lockedPage(_ id: UUID, on db: TransactionDatabase) async throws -> PageRecord {
        if db.dialect.name == "postgresql" {
            try await db.raw("SELECT id FROM pages WHERE id = \(bind: id) FOR UPDATE").run()
        }
        guard let page = try await PageRecord.find(id, on: db) else { throw ContentError.notFound }
        return page
    }

    // MARK: What a page refers to

    /// Every image must be approved and consented for public use, every snippet of the right
    /// kind and in the page's language; a message at the path of each one that is not.
    func checkReferences(_ references: [FieldValidator.Reference], locale: SiteLocale, on db: any Database, now: Date) async throws {
        guard !references.isEmpty else { return }
        var errors: [String: String] = [:]
        let assetIDs = Self.unique(references.compactMap { if case .asset(let id) = $0.target { id } else { nil } })
        let snippetIDs = Self.unique(references.compactMap { if case .snippet(_, let id) = $0.target { id } else { nil } })
        var assets: [UUID: MediaAssetRecord] = [:]
        var consents: [UUID: [ConsentRecord]] = [:]
        if !assetIDs.isEmpty {
            for asset in try await MediaAssetRecord.query(on: db).filter(\.$id ~~ assetIDs).all() { assets[try asset.requireID()] = asset }
            consents = try await media.consents(of: assetIDs, on: db)
        }
        var snippets: [UUID: SnippetRecord] = [:]
        if !snippetIDs.isEmpty {
            for snippet in try await SnippetRecord.query(on: db).filter(\.$id ~~ snippetIDs).all() { snippets[try snippet.requireID()] = snippet }
        }
        for reference in references {
            switch reference.target {
            case .asset(let id):
                guard let asset = assets[id] else {
                    errors[reference.path] = msgid("This image is no longer in the media library.")
                    continue
                }
                if let refusal = MediaPublication(asset: asset, consents: consents[id] ?? [], now: now).refusalKey { errors[reference.path] = refusal }
            case .snippet(let kind, let id):
                guard let snippet = snippets[id], snippet.kind == kind else {
                    errors[reference.path] = msgid("This item is no longer in the library.")
                    continue
                }
                if snippet.locale != locale { errors[reference.path] = msgid("Choose one written in this page's language.") }
            }
        }
        if !errors.isEmpty { throw ValidationFailure(errors) }
    }

    /// "Where used" for the media library: the assets of the page's live and latest revisions.
    func refreshUsages(of page: PageRecord, on db: any Database) async throws {
        let pageID = try page.requireID().uuidString.lowercased()
        let revisionIDs = Self.unique([page.liveRevisionID, page.latestRevisionID].compactMap { $0 })
        let revisions = revisionIDs.isEmpty ? [] : try await PageRevisionRecord.query(on: db).filter(\.$id ~~ revisionIDs).all()
        let assets = Self.unique(revisions.flatMap(\.assetIDs))
        try await MediaUsageRecord.query(on: db).filter(\.$userType == "page").filter(\.$userID == pageID).delete()
        for asset in assets {
            let usage = MediaUsageRecord()
            usage.assetID = asset
            usage.userType = "page"
            usage.userID = pageID
            usage.label = page.title
            usage.path = page.urlPath
            usage.locale = page.locale.rawValue
            try await usage.create(on: db)
        }
    }

    // MARK: Reads for editors

    public func page(_ id: UUID, by actor: AccessActor, origin: AuditOrigin, on database: any Database) async throws -> PageRecord {
        _ = try await authorize(actor, .read, .drafts, origin: origin, on: database)
        guard let page = try await PageRecord.find(id, on: database) else { throw ContentError.notFound }
        return page
    }

    /// Every revision of a page, newest first.
    public func revisions(of pageID: UUID, by actor: AccessActor, origin: AuditOrigin, on database: any Database) async throws -> [PageRevisionRecord] {
        _ = try await authorize(actor, .read, .drafts, origin: origin, on: database)
        return try await PageRevisionRecord.query(on: database).filter(\.$pageID == pageID).sort(\.$number, .descending).all()
    }

    public func revision(_ id: UUID, by actor: AccessActor, origin: AuditOrigin, on database: any Database) async throws -> PageRevisionRecord {
        _ = try await authorize(actor, .read, .drafts, origin: origin, on: database)
        guard let revision = try await PageRevisionRecord.find(id, on: database) else { throw ContentError.notFound }
        return revision
    }
}
