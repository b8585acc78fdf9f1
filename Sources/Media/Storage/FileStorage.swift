import Core
import Foundation
import NIOCore

/// Objects as files in a local folder (`HC_STORAGE_URL=file://var/storage`), served by the app at
/// `/media/<key>` only with a signature that expires: HMAC-SHA256 under the keyring's signed-URL
/// key over the key, the expiry, the download name and the type.
public struct FileStorage: ObjectStorage {
    public let root: URL
    public let keyring: SecretKeyring
    /// Where signed URLs point; the app serves `prefix + key`.
    public static let prefix = "/media/"

    public init(root: String, keyring: SecretKeyring) {
        self.root = URL(fileURLWithPath: root, isDirectory: true).standardizedFileURL
        self.keyring = keyring
    }

    func path(_ key: ObjectKey) -> URL { root.appendingPathComponent(key.value) }

    public func put<Chunks: AsyncSequence & Sendable>(_ key: ObjectKey, chunks: Chunks, length: Int64, contentType: String) async throws
        where Chunks.Element == ByteBuffer {
        let target = path(key)
        let folder = target.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // Written beside the target and renamed into place: a reader never sees half a file.
        let partial = folder.appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString.lowercased()).part")
        guard FileManager.default.createFile(atPath: partial.path, contents: nil, attributes: [.posixPermissions: 0o600]),
              let handle = try? FileHandle(forWritingTo: partial) else {
            throw StorageError(.unavailable, "cannot write under \(folder.path)")
        }
        var written: Int64 = 0
        do {
            for try await chunk in chunks {
                written += Int64(chunk.readableBytes)
                guard written <= length else { throw StorageError(.refused, "more bytes than the \(length) announced") }
                try chunk.withUnsafeReadableBytes { try handle.write(contentsOf: $0) }
            }
            guard written == length else { throw StorageError(.refused, "\(written) bytes arrived, \(length) were announced") }
            try handle.synchronize()
            try handle.close()
            if rename(partial.path, target.path) != 0 { throw StorageError(.unavailable, "cannot move the file into place") }
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(at: partial)
            throw error
        }
    }

    public func get(_ key: ObjectKey) async throws -> AsyncThrowingStream<ByteBuffer, any Error> {
        let file = path(key).path
        guard FileManager.default.fileExists(atPath: file) else { throw StorageError(.notFound, "no object \(key)") }
        let chunks = PulledChunks(FileChunks(path: file).makeAsyncIterator())
        // Read as the reader asks: a slow reader (clamd) must not leave the rest of a 500 MB file in memory.
        return AsyncThrowingStream(unfolding: { try await chunks.next() })
    }

    public func delete(_ key: ObjectKey) async throws {
        do {
            try FileManager.default.removeItem(at: path(key))
        } catch CocoaError.fileNoSuchFile {
            return
        }
    }

    public func firstKey(under prefix: String) async throws -> ObjectKey? {
        let folder = root.appendingPathComponent(prefix).path
        // Partial writes are hidden (`.name.part`) until renamed into place.
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") }
        return names.min(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }).flatMap { ObjectKey("\(prefix)/\($0)") }
    }

    /// The local file of an object, for the app's `/media/` route once `verify` passed.
    public func file(for key: ObjectKey) -> String? {
        let file = path(key).path
        return FileManager.default.fileExists(atPath: file) ? file : nil
    }

    public func signedURL(for key: ObjectKey, expiresAt expiry: Date, filename: String?, contentType: String) throws -> String {
        let derived = keyring.currentKey(for: .signedURLs)
        let expires = String(Int64(expiry.timeIntervalSince1970))
        var query = [("expires", expires), ("type", contentType)]
        if let filename { query.append(("name", filename)) }
        query.append(("kid", derived.keyID))
        query.append(("sig", Self.signature(key: key, expires: expires, filename: filename, contentType: contentType, with: derived)))
        return Self.prefix + key.value + "?" + query.map { "\($0.0)=\(Self.encode($0.1))" }.joined(separator: "&")
    }

    /// What a signed URL grants, when its signature holds and it has not expired.
    public struct Grant: Sendable, Equatable {
        public var key: ObjectKey
        public var filename: String?
        public var contentType: String
    }

    public func verify(key raw: String, query: [String: String], now: Date = Date()) -> Grant? {
        guard let key = ObjectKey(raw), let expires = query["expires"], let seconds = Int64(expires),
              let contentType = query["type"], let kid = query["kid"], let signature = query["sig"],
              let derived = keyring.key(for: .signedURLs, id: kid) else { return nil }
        let expected = Self.signature(key: key, expires: expires, filename: query["name"], contentType: contentType, with: derived)
        guard ConstantTime.equals(Array(expected.utf8), Array(signature.utf8)), Date(timeIntervalSince1970: TimeInterval(seconds)) > now else {
            return nil
        }
        return Grant(key: key, filename: query["name"], contentType: contentType)
    }

    static func signature(key: ObjectKey, expires: String, filename: String?, contentType: String, with derived: DerivedKey) -> String {
        derived.signature(over: ["media", key.value, expires, filename ?? "", contentType])
    }

    /// RFC 3986 unreserved characters stay; every other byte of the UTF-8 is percent-encoded.
    static func encode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}

/// One iterator shared by the unfolding closure, which must be Sendable; it is only ever called
/// by the stream's one reader, one call at a time.
private final class PulledChunks: @unchecked Sendable {
    private var iterator: FileChunks.AsyncIterator

    init(_ iterator: FileChunks.AsyncIterator) {
        self.iterator = iterator
    }

    func next() async throws -> ByteBuffer? { try await iterator.next() }
}
