import Audit
import Core
import FluentKit
import Foundation
import Media

/// What the CMS does when images stop being public (a consent withdrawn or expired): every page
/// and snippet showing one is marked changed, so each is served again without it (public views
/// read an image's publication as they render), and the change is in the audit trail.
public struct ContentPublicationHooks: MediaPublicationHooks {
    let audit: AuditTrail

    public init(audit: AuditTrail) {
        self.audit = audit
    }

    public func assetsUnpublished(_ assets: [UUID], on database: any Database) async throws {
        guard !assets.isEmpty else { return }
        let usages = try await MediaUsageRecord.query(on: database).filter(\.$assetID ~~ assets).all()
        let now = Date()
        let snippetIDs = Set(usages.filter { $0.userType == "snippet" }.compactMap { UUID(uuidString: $0.userID) })
        var pageIDs = Set(usages.filter { $0.userType == "page" }.compactMap { UUID(uuidString: $0.userID) })
        if !snippetIDs.isEmpty {
            // Pages showing those snippets change too.
            for revision in try await PageRevisionRecord.query(on: database).filter(\.$storedSnippetIDs != "").all()
            where !snippetIDs.isDisjoint(with: revision.snippetIDs) {
                pageIDs.insert(revision.pageID)
            }
        }
        guard !pageIDs.isEmpty else { return }
        try await PageRecord.query(on: database).filter(\.$id ~~ pageIDs).set(\.$updatedAt, to: now).update()
        for pageID in pageIDs.sorted(by: { $0.uuidString < $1.uuidString }) {
            try await audit.append(AuditEvent(actor: .system("media.unpublished"), action: "page.asset_withdrawn", resource: PageTree.resource(pageID),
                                              detail: ["assets": .array(assets.map { .string($0.uuidString.lowercased()) })]), on: database, at: now)
        }
    }
}
