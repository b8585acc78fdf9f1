import Core
import FluentKit
import Foundation

/// An old public path and where it went: another path (answered 301), or nowhere (410, a page
/// removed on purpose). No redirect ever points at a path that itself redirects.
public final class RedirectRecord: Model, @unchecked Sendable {
    public static let schema = "redirects"

    @ID(key: .id) public var id: UUID?
    @Field(key: "locale") public var locale: SiteLocale
    @Field(key: "old_path") public var oldPath: String
    /// Nil: gone.
    @OptionalField(key: "new_path") public var newPath: String?
    /// Nil when the tree made it, as a page moved.
    @OptionalField(key: "created_by") public var createdBy: UUID?
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}
