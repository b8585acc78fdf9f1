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
    @Field(key: "title") public var title: String
    /// Shared by a page and its translations.
    @Field(key: "translation_key") public var translationKey: UUID
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}
}
