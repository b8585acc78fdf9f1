import Core
import FluentKit
import Foundation

/// One saved state of a page, whole: every save makes one, and none is ever changed, so any
/// two can be compared and any one restored.
public final class PageRevisionRecord: Model, @unchecked Sendable {
    public static let schema = "page_revisions"

    @ID(key: .id) public var id: UUID?
    @Field(key: "page_id") public var pageID: UUID
    /// 1, 2, 3… per page.
    @Field(key: "number") public var number: Int
    @Field(key: "content") var storedContent: String
    /// The assets and snippets the content refers to, found as it was saved, so a view loads
    /// them in one query each without reading the content twice.
    @Field(key: "asset_ids") var storedAssetIDs: String
    @Field(key: "snippet_ids") var storedSnippetIDs: String
    @OptionalField(key: "created_by") public var createdBy: UUID?
    @Field(key: "created_at") public var createdAt: Date
    /// For a translation: the source page's revision its text follows.
    @OptionalField(key: "source_revision_id") public var sourceRevisionID: UUID?
    /// The first time this revision went live; a revision that never did has none.
    @OptionalField(key: "published_at") public var publishedAt: Date?
    /// Of the content, set as it goes live (see `PageContent.contentHash`).
    @OptionalField(key: "content_hash") public var contentHash: String?

    public init() {}

    /// The content at its blocks' current versions.
    public var content: PageContent {
        get {
            ((try? JSONDecoder().decode(PageContent.self, from: Data(storedContent.utf8))) ?? PageContent(title: "")).upgraded
        }
        set { storedContent = String(decoding: (try? JSONEncoder.canonical.encode(newValue)) ?? Data(), as: UTF8.self) }
    }

    public var assetIDs: [UUID] {
        get { storedAssetIDs.split(separator: ",").compactMap { UUID(uuidString: String($0)) } }
        set { storedAssetIDs = newValue.map { $0.uuidString.lowercased() }.joined(separator: ",") }
    }

    public var snippetIDs: [UUID] {
        get { storedSnippetIDs.split(separator: ",").compactMap { UUID(uuidString: String($0)) } }
        set { storedSnippetIDs = newValue.map { $0.uuidString.lowercased() }.joined(separator: ",") }
    }
}
