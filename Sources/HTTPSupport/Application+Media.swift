import Media
import Vapor

extension Application {
    private struct UploadsKey: StorageKey { typealias Value = Uploads }

    /// Receiving, scanning and deleting uploads, over the configured storage and clamd.
    public var uploads: Uploads {
        get {
            guard let uploads = storage[UploadsKey.self] else { fatalError("configure(_:configuration:) sets app.uploads") }
            return uploads
        }
        set { storage[UploadsKey.self] = newValue }
    }

    private struct MediaLibraryKey: StorageKey { typealias Value = MediaLibrary }

    /// The media library over the uploads: assets, consents, faces and public renditions.
    public var mediaLibrary: MediaLibrary {
        get {
            guard let library = storage[MediaLibraryKey.self] else { fatalError("configure(_:configuration:) sets app.mediaLibrary") }
            return library
        }
        set { storage[MediaLibraryKey.self] = newValue }
    }

    /// The media library as staff reach it, through `authorize`.
    public var mediaAccess: MediaAccess { MediaAccess(library: mediaLibrary, accounts: accounts) }

    /// Uploads as people reach them, through `authorize`.
    public var uploadAccess: UploadAccess { UploadAccess(uploads: uploads, accounts: accounts) }
}
