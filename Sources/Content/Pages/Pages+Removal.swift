import Accounts
import Audit
import Core
import FluentKit
import Foundation
import Media

extension Pages {
    /// Removes a page and everything under it, on purpose: every address of theirs that was ever
    /// public answers 410 from now on, so search engines drop them rather than retry a 404.
    /// Their revisions go with them; the home page stays.
    public func delete(_ pageID: UUID, by actor: AccessActor, origin: AuditOrigin, on database: any Database, now: Date = Date()) async throws {
        let user = try await authorize(actor, .delete, .live, origin: origin, on: database)
        try await database.writeTransaction { db in
            let page = try await lockedPage(pageID, on: db)
            guard let parentID = page.parentID else { throw ContentError.notAllowedHere }
            try await PageTree.lock(page.locale, on: db)
            try await checkLock(page, for: user, on: db, now: now)
            let subtree = try await tree.subtree(of: page, on: db)
            let ids = try subtree.map { try $0.requireID() }
            for gone in subtree where gone.firstPublishedAt != nil {
                try await Redirects.add(from: gone.urlPath, to: nil, locale: page.locale, by: user, on: db, now: now)
            }
            try await MediaUsageRecord.query(on: db).filter(\.$userType == "page").filter(\.$userID ~~ ids.map { $0.uuidString.lowercased() }).delete()
            // One statement: the tree's own references are checked at its end, on both engines.
            try await PageRecord.query(on: db).filter(\.$id ~~ ids).delete()
            try await PageTree.renumber(childrenOf: parentID, on: db)
            try await audit.append(AuditEvent(actor: actor.auditActor, action: "page.delete", resource: Self.resource(pageID), origin: origin,
                                              detail: ["url": .string(page.urlPath), "pages": .int(Int64(ids.count))]), on: db, at: now)
        }
    }
}
