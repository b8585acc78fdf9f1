import Crypto
import Foundation
import Markup

/// The static files under `Public/`, each published under a name that carries a hash of its content.
///
/// A changed file gets a new URL, so browsers and CDNs may keep every asset for a year
/// (`immutable`) and still never show a stale stylesheet after a deploy.
public struct AssetManifest: Sendable {
    /// Logical path (`css/site.css`) → published path (`css/site.3f2a9c1b0d.css`).
    private let published: [String: String]
    /// Published path → file on disk.
    private let files: [String: String]

    /// The URL prefix under which assets are served.
    public static let prefix = "/static/"

    /// Hashes every file below `directory`; an empty manifest when the folder does not exist.
    public init(directory: String) throws {
        var published: [String: String] = [:]
        var files: [String: String] = [:]
        let root = URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL
        let manager = FileManager.default
        if let walker = manager.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) {
            for case let file as URL in walker {
                guard (try? file.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
                let logical = String(file.standardizedFileURL.path.dropFirst(root.path.count + 1))
                guard !logical.hasPrefix(".") else { continue }
                let digest = SHA256.hash(data: try Data(contentsOf: file))
                let hash = digest.prefix(5).map { String(format: "%02x", $0) }.joined()
                let name = Self.insert(hash: hash, into: logical)
                published[logical] = name
                files[name] = file.path
            }
        }
        self.published = published
        self.files = files
    }

    /// The URL of a logical asset. An unknown name is a programming error caught by the page tests.
    public func url(_ logical: String) -> SafeURL {
        guard let name = published[logical] else {
            preconditionFailure("no asset named \(logical) under Public/")
        }
        return SafeURL.path(segments: ["static"] + name.split(separator: "/").map(String.init))
    }

    /// The file behind a published path (the part after `/static/`), nil when there is none.
    public func file(forPublished name: String) -> String? { files[name] }

    private static func insert(hash: String, into path: String) -> String {
        let slash = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        if let dot = path[slash...].lastIndex(of: "."), dot != slash {
            return "\(path[..<dot]).\(hash)\(path[dot...])"
        }
        return "\(path).\(hash)"
    }
}
