import Core
import FluentKit
import Foundation

/// One page in a locale's tree. Its place is a materialised path (`path`): the root's steps,
/// then each ancestor's, then its own, four base-36 characters a step, so a page's ancestors are
/// the prefixes of its path and its subtree every path that starts with it, each one indexed
/// query. The order among siblings is `position`; `urlPath` is the public path, kept in step
/// with the tree so the router finds a page by its URL in one indexed query.
public final class PageRecord: Model, @unchecked Sendable {
    public static let schema = "pages"

    @ID(key: .id) public var id: UUID?
    @Field(key: "locale") public var locale: SiteLocale
    @OptionalField(key: "parent_id") public var parentID: UUID?
    @Field(key: "path") public var path: String
    @Field(key: "depth") public var depth: Int
    @Field(key: "position") public var position: Int
    /// Empty for a locale's root, the home page.
    @Field(key: "slug") public var slug: String
    /// `/{locale}/{slug}/{slug}/`.
    @Field(key: "url_path") public var urlPath: String
    /// The page type's name (`ProcedurePage`, …).
    @Field(key: "type") public var type: String
    /// The live revision's title, or the latest one's while the page was never live: what
    /// breadcrumbs and lists show without reading revisions.
    @Field(key: "title") public var title: String
    /// Shared by a page and its translations.
    @Field(key: "translation_key") public var translationKey: UUID
    @OptionalField(key: "latest_revision_id") public var latestRevisionID: UUID?
    @OptionalField(key: "live_revision_id") public var liveRevisionID: UUID?
    /// Answers its URL publicly.
    @Field(key: "live") public var live: Bool
    @OptionalField(key: "first_published_at") public var firstPublishedAt: Date?
    @OptionalField(key: "last_published_at") public var lastPublishedAt: Date?
    /// A publication planned for a minute: this revision goes live at `goLiveAt`.
    @OptionalField(key: "scheduled_revision_id") public var scheduledRevisionID: UUID?
    @OptionalField(key: "go_live_at") public var goLiveAt: Date?
    /// When the live page stops answering (410 until it is published again).
    @OptionalField(key: "expire_at") public var expireAt: Date?
    /// Who is editing it now; others are told and cannot save.
    @OptionalField(key: "locked_by") public var lockedBy: UUID?
    @OptionalField(key: "locked_at") public var lockedAt: Date?
    /// The surgeon who last reviewed it medically, when, and when it is due again (`YYYY-MM-DD`).
    @OptionalField(key: "reviewed_by") public var reviewedBy: UUID?
    @OptionalField(key: "reviewed_at") public var reviewedAt: Date?
    @OptionalField(key: "review_due") public var reviewDue: String?
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}
}
