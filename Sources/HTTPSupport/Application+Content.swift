import Content
import Vapor

extension Application {
    private struct PagesKey: StorageKey { typealias Value = Pages }

    /// The CMS: typed pages, revisions, publishing, translations and review, through `authorize`.
    public var pages: Pages {
        get {
            guard let pages = storage[PagesKey.self] else { fatalError("configure(_:configuration:) sets app.pages") }
            return pages
        }
        set { storage[PagesKey.self] = newValue }
    }

    /// What anonymous visitors may read: live pages only.
    public var publicSite: PublicSite { PublicSite(media: mediaLibrary) }
}
