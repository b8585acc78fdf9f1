import Accounts
import FluentKit
import Foundation

/// Who vouches for a page medically, shown to its readers.
public struct PageReview: Sendable {
    public let reviewerName: String
    public let reviewerRole: AccountRole?
    public let reviewedAt: Date
}

/// The original of a translation, published again since the translation was made from it.
public struct NewerSource: Sendable {
    public let page: PageRecord
    public let publishedAt: Date
}

extension PublicSite {
    /// The source of a translation when it has gone live with a later revision than the one the
    /// translation follows: one query, and only for translations. A source that is not live, or
    /// whose live revision is the followed one or older (a draft was translated), is not newer.
    func newerSource(of revision: PageRevisionRecord, among translations: [PageRecord], on database: any Database) async throws -> NewerSource? {
        guard let followedID = revision.sourceRevisionID, !translations.isEmpty else { return nil }
        let wanted = [followedID] + translations.compactMap(\.liveRevisionID)
        let revisions = try await PageRevisionRecord.query(on: database).filter(\.$id ~~ wanted)
            .field(\.$id).field(\.$pageID).field(\.$number).all()
        // The page's last publication dates the update: a revision published again after a
        // revert keeps the day it first went live.
        guard let followed = revisions.first(where: { $0.id == followedID }),
              let source = translations.first(where: { $0.id == followed.pageID }),
              let live = revisions.first(where: { $0.id == source.liveRevisionID }),
              live.number > followed.number, let updated = source.lastPublishedAt else { return nil }
        return NewerSource(page: source, publishedAt: updated)
    }

    /// The page's last medical review and who made it; nothing when none was recorded or the
    /// reviewer's account is gone.
    func review(of page: PageRecord, on database: any Database) async throws -> PageReview? {
        guard let reviewerID = page.reviewedBy, let reviewedAt = page.reviewedAt,
              let reviewer = try await UserRecord.query(on: database).filter(\.$id == reviewerID)
                  .field(\.$id).field(\.$firstName).field(\.$lastName).field(\.$role).first() else { return nil }
        let name = [reviewer.firstName, reviewer.lastName].filter { !$0.isEmpty }.joined(separator: " ")
        return PageReview(reviewerName: name, reviewerRole: AccountRole(rawValue: reviewer.role), reviewedAt: reviewedAt)
    }
}
