import Crypto
import Foundation
import Markup

/// The static files under `Public/`, each published under a name that carries a hash of its content.
///
/// A changed file gets a new URL, so browsers and CDNs may keep every asset for a year
/// (`immutable`) and still never show a stale stylesheet after a deploy. Stylesheets are
/// rewritten so their relative `url(…)` references (fonts) point at hashed names too, and are
/// then kept in memory; other files are streamed from disk.
public struct AssetManifest: Sendable {
    /// Where a published asset's bytes come from.
    public enum Source: Sendable {
        case file(path: String)
        case memory(data: Data, contentType: String)
    }

    /// Logical path (`build/app.css`) → published path (`build/app.3f2a9c1b0d.css`).
    private let published: [String: String]
    /// Published path → bytes.
    private let sources: [String: Source]

    /// The URL prefix under which assets are served.
    public static let prefix = "/static/"

    /// Hashes every file below `directory`; an empty manifest when the folder does not exist.
    public init(directory: String) throws {
        let root = URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL
        var files: [(logical: String, url: URL)] = []
        if let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) {
            for case let file as URL in walker {
                guard (try? file.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
                let logical = String(file.standardizedFileURL.path.dropFirst(root.path.count + 1))
                guard !logical.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else { continue }
                files.append((logical, file))
            }
        }
        var published: [String: String] = [:]
        var sources: [String: Source] = [:]
        // Stylesheets last: their rewritten content depends on the other files' hashed names.
        for (logical, file) in files.sorted(by: { ($0.logical.hasSuffix(".css") ? 1 : 0, $0.logical) < ($1.logical.hasSuffix(".css") ? 1 : 0, $1.logical) }) {
            var data = try Data(contentsOf: file)
            var source = Source.file(path: file.path)
            if logical.hasSuffix(".css") {
                data = Data(Self.rewriteURLs(in: String(decoding: data, as: UTF8.self), of: logical, using: published).utf8)
                source = .memory(data: data, contentType: "text/css; charset=utf-8")
            }
            let name = Self.insert(hash: Self.shortHash(data), into: logical)
            published[logical] = name
            sources[name] = source
        }
        self.published = published
        self.sources = sources
    }

    /// Whether a logical asset exists.
    public func contains(_ logical: String) -> Bool { published[logical] != nil }

    /// The URL of a logical asset. Pages only name assets App checked at start (`requireBuiltAssets`).
    public func url(_ logical: String) -> SafeURL {
        guard let name = published[logical] else {
            preconditionFailure("no asset named \(logical) under Public/")
        }
        return SafeURL.path(segments: ["static"] + name.split(separator: "/").map(String.init))
    }

    /// The bytes behind a published path (the part after `/static/`), nil when there is none.
    public func source(forPublished name: String) -> Source? { sources[name] }

    static func shortHash(_ data: Data) -> String {
        SHA256.hash(data: data).prefix(5).map { String(format: "%02x", $0) }.joined()
    }

    private static func insert(hash: String, into path: String) -> String {
        let slash = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        if let dot = path[slash...].lastIndex(of: "."), dot != slash {
            return "\(path[..<dot]).\(hash)\(path[dot...])"
        }
        return "\(path).\(hash)"
    }

    /// Points relative `url(…)` references of the stylesheet at `logical` to their hashed URLs.
    static func rewriteURLs(in css: String, of logical: String, using published: [String: String]) -> String {
        let folder = logical.split(separator: "/").dropLast().map(String.init)
        let pattern = try! NSRegularExpression(pattern: #"url\((["']?)([^"')]+)\1\)"#)
        var result = css
        for match in pattern.matches(in: css, range: NSRange(css.startIndex..., in: css)).reversed() {
            guard let whole = Range(match.range, in: css), let target = Range(match.range(at: 2), in: css) else { continue }
            let reference = String(css[target])
            guard !reference.contains(":"), !reference.hasPrefix("/"), !reference.hasPrefix("#") else { continue }
            var parts = folder
            for segment in reference.split(separator: "/") {
                if segment == ".." { _ = parts.popLast() } else if segment != "." { parts.append(String(segment)) }
            }
            guard let name = published[parts.joined(separator: "/")] else { continue }
            result.replaceSubrange(Range(match.range, in: result) ?? whole, with: "url(\(prefix)\(name))")
        }
        return result
    }
}
