import Core
import Foundation
@testable import Media
import NIOCore
import Testing

@Suite("Local object storage and its signed URLs")
struct FileStorageTests {
    static func storage() -> FileStorage {
        FileStorage(root: FileManager.default.temporaryDirectory.appendingPathComponent("storage-\(UUID().uuidString)").path,
                    keyring: .development)
    }

    static func collect(_ stream: AsyncThrowingStream<ByteBuffer, any Error>) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await chunk in stream { bytes += chunk.readableBytesView }
        return bytes
    }

    @Test("put, get and delete stream the bytes; a short or long stream is refused and leaves nothing")
    func roundTrip() async throws {
        let storage = Self.storage()
        defer { try? FileManager.default.removeItem(at: storage.root) }
        let key = ObjectKey.generate(under: "uploads")
        let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0) }
        try await storage.put(key, chunks: ClamdTests.chunks(bytes, size: 65_536), length: Int64(bytes.count), contentType: "image/png")
        #expect(try await Self.collect(try await storage.get(key)) == bytes)
        let attributes = try FileManager.default.attributesOfItem(atPath: storage.path(key).path)
        #expect(attributes[.posixPermissions] as? Int == 0o600)

        let short = ObjectKey.generate(under: "uploads")
        await #expect(throws: StorageError.self) {
            try await storage.put(short, chunks: ClamdTests.chunks([1, 2, 3]), length: 4, contentType: "image/png")
        }
        #expect(storage.file(for: short) == nil)
        let folder = storage.path(short).deletingLastPathComponent().path
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).allSatisfy { !$0.hasSuffix(".part") })

        try await storage.delete(key)
        try await storage.delete(key)
        await #expect(throws: StorageError.self) { _ = try await storage.get(key) }
    }

    @Test("get reads as the reader pulls, never ahead: a slow reader (clamd) does not fill memory with the rest of the file")
    func getReadsOnDemand() async throws {
        let storage = Self.storage()
        defer { try? FileManager.default.removeItem(at: storage.root) }
        let key = ObjectKey.generate(under: "uploads")
        let bytes = [UInt8](repeating: 7, count: 8 << 20)
        try await storage.put(key, chunks: ClamdTests.chunks(bytes, size: 1 << 20), length: Int64(bytes.count), contentType: "application/dicom")
        var iterator = try await storage.get(key).makeAsyncIterator()
        let first = try #require(try await iterator.next())
        // Turns for a reader running ahead to take the rest (no clock involved); then the file shrinks under it.
        for _ in 0..<1000 { await Task.yield() }
        let handle = try #require(FileHandle(forWritingAtPath: storage.path(key).path))
        try handle.truncate(atOffset: UInt64(first.readableBytes))
        try handle.close()
        var rest = 0
        while let chunk = try await iterator.next() { rest += chunk.readableBytes }
        #expect(rest == 0, "\(rest) bytes were read before they were asked for")
    }

    @Test("keys are ours: names a client could choose to climb out of the folder are not keys")
    func keys() {
        #expect(ObjectKey("uploads/5f0c") != nil)
        for bad in ["", "../etc/passwd", "uploads/../x", "/abs", "uploads//x", "Uploads/X", "uploads/ x", "uploads/%2e%2e"] {
            #expect(ObjectKey(bad) == nil, "\(bad)")
        }
    }

    @Test("a signed URL opens its object until it expires; any change to it fails")
    func signedURLs() throws {
        let storage = Self.storage()
        let key = ObjectKey.generate(under: "uploads")
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let url = try storage.signedURL(for: key, expiresAt: now.addingTimeInterval(300), filename: "صورة الأشعة.jpg", contentType: "image/jpeg")
        #expect(url.hasPrefix("/media/\(key.value)?expires=1800000300&type=image%2Fjpeg&name=%D8%B5"))
        let components = try #require(URLComponents(string: url))
        let query = Dictionary(uniqueKeysWithValues: (components.queryItems ?? []).map { ($0.name, $0.value ?? "") })
        let path = String(components.path.dropFirst(FileStorage.prefix.count))
        #expect(storage.verify(key: path, query: query, now: now) == FileStorage.Grant(key: key, filename: "صورة الأشعة.jpg", contentType: "image/jpeg"))
        #expect(storage.verify(key: path, query: query, now: now.addingTimeInterval(301)) == nil, "expired")

        for (name, value) in [("expires", "1900000000"), ("type", "text/html"), ("name", "other.jpg"), ("sig", "AAAA"), ("kid", "k9")] {
            var changed = query
            changed[name] = value
            #expect(storage.verify(key: path, query: changed, now: now) == nil, "\(name) changed")
        }
        var withoutName = query
        withoutName["name"] = nil
        #expect(storage.verify(key: path, query: withoutName, now: now) == nil)
        #expect(storage.verify(key: ObjectKey.generate(under: "uploads").value, query: query, now: now) == nil, "another key")
        let otherKeyring = FileStorage(root: storage.root.path, keyring: try SecretKeyring(parsing: SecretKeyring.generateEntry(id: "dev")))
        #expect(otherKeyring.verify(key: path, query: query, now: now) == nil, "signed under another secret")
    }
}
