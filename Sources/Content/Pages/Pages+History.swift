import Accounts
import Audit
import Core
import FluentKit
import Foundation

extension Pages {
    /// What changed from revision `old` to revision `new` of the same page.
    public func compare(_ old: UUID, _ new: UUID, by actor: AccessActor, origin: AuditOrigin, on database: any Database) async throws -> RevisionComparison {
        _ = try await authorize(actor, .read, .drafts, origin: origin, on: database)
        guard let before = try await PageRevisionRecord.find(old, on: database), let after = try await PageRevisionRecord.find(new, on: database),
              before.pageID == after.pageID else { throw ContentError.notFound }
        return RevisionComparison(from: before.content, to: after.content)
    }

    /// A new latest revision with the content of an old one; nothing is lost, the revisions
    /// between stay. Saved like any edit, so it is checked again and what is live stays live.
    @discardableResult
    public func revert(_ pageID: UUID, to revisionID: UUID, by actor: AccessActor, origin: AuditOrigin, on database: any Database,
                       now: Date = Date()) async throws -> PageRevisionRecord {
        let user = try await authorize(actor, .write, .drafts, origin: origin, on: database)
        return try await database.writeTransaction { db in
            let page = try await lockedPage(pageID, on: db)
            try await checkLock(page, for: user, on: db, now: now)
            guard let old = try await PageRevisionRecord.find(revisionID, on: db), old.pageID == pageID else { throw ContentError.notFound }
            guard let type = PageTypes.declaration(page.type) else { throw ContentError.unknownType }
            let (cleaned, references) = try old.content.validated(as: type)
            try await checkReferences(references, locale: page.locale, on: db, now: now)
            return try await addRevision(to: page, cleaned, type: type, sourceRevision: old.sourceRevisionID, by: user, action: "page.revert",
                                         detail: ["from": .int(Int64(old.number))], origin: origin, on: db, now: now)
        }
    }
}

extension Pages {
    /// The page as it would look with `revisionID` (its latest when nil) live: for the editor
    /// who wrote it, a translator, a surgeon reviewing it. Never for visitors.
    public func preview(_ pageID: UUID, revision revisionID: UUID?, by actor: AccessActor, origin: AuditOrigin, on database: any Database,
                        now: Date = Date()) async throws -> LivePage {
        _ = try await authorize(actor, .read, .drafts, origin: origin, on: database)
        guard let page = try await PageRecord.find(pageID, on: database), let type = PageTypes.declaration(page.type),
              let id = revisionID ?? page.latestRevisionID, let revision = try await PageRevisionRecord.find(id, on: database),
              revision.pageID == pageID else { throw ContentError.notFound }
        return try await PublicSite(media: media).assemble(page, revision: revision, type: type, versions: [], listingPage: 1, on: database, now: now)
    }
}
