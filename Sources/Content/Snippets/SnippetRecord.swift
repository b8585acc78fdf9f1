import Core
import FluentKit
import Foundation

/// Content kept once and placed on many pages: a testimonial, a question and its answer, a
/// member of the team. Each is written in one locale; its translations share a key.
public final class SnippetRecord: Model, @unchecked Sendable {
    public static let schema = "snippets"

    @ID(key: .id) public var id: UUID?
    @Field(key: "kind") public var kind: SnippetKind
    @Field(key: "locale") public var locale: SiteLocale
    @Field(key: "translation_key") public var translationKey: UUID
    /// What staff see in lists; the content has the rest.
    @Field(key: "label") public var label: String
    @Field(key: "content") var storedContent: String
    @Field(key: "asset_ids") var storedAssetIDs: String
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}

    public var fields: [String: JSONValue] {
        get { (try? JSONDecoder().decode([String: JSONValue].self, from: Data(storedContent.utf8))) ?? [:] }
        set { storedContent = String(decoding: (try? JSONEncoder.canonical.encode(newValue)) ?? Data("{}".utf8), as: UTF8.self) }
    }

    public var assetIDs: [UUID] {
        get { storedAssetIDs.split(separator: ",").compactMap { UUID(uuidString: String($0)) } }
        set { storedAssetIDs = newValue.map { $0.uuidString.lowercased() }.joined(separator: ",") }
    }
}
