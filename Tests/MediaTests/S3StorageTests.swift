@testable import App
import AsyncHTTPClient
import Core
import Crypto
import Foundation
@testable import Media
import NIOCore
import Testing
import TestSupport
import VaporTesting

/// S3Storage against the S3 test server `make test` starts (scripts/s3-test-server.sh: moto with
/// signature checks on, behind a front that checks presigned URLs as S3 does).
@Suite("S3-compatible object storage")
struct S3StorageTests {
    static func location(secret: String? = nil, bucket: String? = nil, endpoint: URL? = nil) throws -> S3Location {
        let env = ProcessInfo.processInfo.environment
        guard let rawEndpoint = env["HC_TEST_S3_ENDPOINT"], let testEndpoint = URL(string: rawEndpoint),
            let accessKeyID = env["HC_TEST_S3_ACCESS_KEY_ID"], let testSecret = env["HC_TEST_S3_SECRET_ACCESS_KEY"],
            let testBucket = env["HC_TEST_S3_BUCKET"]
        else {
            throw TestSetupError(
                """
                HC_TEST_S3_ENDPOINT, HC_TEST_S3_ACCESS_KEY_ID, HC_TEST_S3_SECRET_ACCESS_KEY and HC_TEST_S3_BUCKET are not set: \
                run the tests with `make test`, which starts the S3 test server (scripts/s3-test-server.sh)
                """)
        }
        return S3Location(
            bucket: bucket ?? testBucket, endpoint: endpoint ?? testEndpoint, region: "us-east-1", style: .path,
            accessKeyID: accessKeyID, secretAccessKey: secret ?? testSecret)
    }

    static func storage(secret: String? = nil, bucket: String? = nil, now: @escaping @Sendable () -> Date = { Date() }) throws -> S3Storage
    {
        S3Storage(location: try location(secret: secret, bucket: bucket), client: HTTPClient.shared, now: now)
    }

    static func bytes(_ count: Int) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 9) } }

    @Test("a small object comes back as it was put, in one PUT")
    func smallRoundTrip() async throws {
        let storage = try Self.storage()
        let key = ObjectKey.generate(under: "uploads")
        let bytes = Self.bytes(300_001)
        try await storage.put(key, chunks: ClamdTests.chunks(bytes, size: 7_919), length: Int64(bytes.count), contentType: "image/png")
        #expect(try await FileStorageTests.collect(try await storage.get(key)) == bytes)
        try await storage.delete(key)
    }

    @Test("40 MiB in odd-sized chunks goes up in 8 MiB parts and comes back whole")
    func multipartRoundTrip() async throws {
        // Setup: generated as it is read, so neither side ever holds the whole object.
        let storage = try Self.storage()
        let key = ObjectKey.generate(under: "uploads")
        let chunks = GeneratedChunks(length: 40 << 20, sizes: [1, 65_537, 1_000_003, 3, 4_194_304, 777_777])
        var expected = SHA256()
        for try await chunk in chunks { chunk.withUnsafeReadableBytes { expected.update(bufferPointer: $0) } }

        // Act
        try await storage.put(key, chunks: chunks, length: chunks.length, contentType: "application/dicom")
        var received = SHA256()
        var count = 0
        for try await chunk in try await storage.get(key) {
            count += chunk.readableBytes
            chunk.withUnsafeReadableBytes { received.update(bufferPointer: $0) }
        }

        // Check: the bytes, and an ETag of five parts (a multipart object's ends in "-<parts>").
        #expect(count == 40 << 20)
        #expect(received.finalize() == expected.finalize())
        let head = try await storage.send(.HEAD, key: key)
        #expect(head.status == .ok)
        #expect(head.headers.first(name: "ETag")?.hasSuffix("-5\"") == true, "\(head.headers)")
        #expect(head.headers.first(name: "Content-Type") == "application/dicom")
        try await storage.delete(key)
    }

    @Test("a stream shorter than announced is refused, in one PUT or in parts, and leaves no object and no upload")
    func shortStreams() async throws {
        let storage = try Self.storage()
        let small = ObjectKey.generate(under: "uploads")
        await #expect { try await storage.put(small, chunks: ClamdTests.chunks([1, 2, 3]), length: 4, contentType: "image/png") } throws: {
            ($0 as? StorageError)?.kind == .refused
        }
        let large = ObjectKey.generate(under: "uploads")
        let chunks = GeneratedChunks(length: 17 << 20, sizes: [1 << 20])
        await #expect { try await storage.put(large, chunks: chunks, length: 20 << 20, contentType: "image/png") } throws: {
            ($0 as? StorageError)?.kind == .refused
        }
        let longer = GeneratedChunks(length: 17 << 20, sizes: [999_999])
        await #expect { try await storage.put(large, chunks: longer, length: 16 << 20 + 1, contentType: "image/png") } throws: {
            ($0 as? StorageError)?.kind == .refused
        }
        for key in [small, large] {
            await #expect { _ = try await storage.get(key) } throws: { ($0 as? StorageError)?.kind == .notFound }
        }
        // The aborted uploads are gone: the bucket's list of multipart uploads does not name the key.
        let uploads = try await storage.expectSuccess(try await storage.send(.GET, key: nil, query: [("uploads", "")]), key: nil)
        #expect(uploads.contains("ListMultipartUploadsResult"))
        #expect(!uploads.contains(large.value), "\(uploads)")
    }

    @Test("a deleted object is not found, and deleting one that is not there succeeds")
    func deletion() async throws {
        let storage = try Self.storage()
        let key = ObjectKey.generate(under: "uploads")
        try await storage.put(key, chunks: ClamdTests.chunks([1, 2, 3]), length: 3, contentType: "text/plain")
        try await storage.delete(key)
        await #expect { _ = try await storage.get(key) } throws: { ($0 as? StorageError)?.kind == .notFound }
        try await storage.delete(key)
        try await storage.delete(ObjectKey.generate(under: "uploads"))
    }

    @Test("a wrong secret is refused, with S3's SignatureDoesNotMatch in the message")
    func wrongSecret() async throws {
        let right = try Self.location().secretAccessKey
        let storage = try Self.storage(secret: String(right.dropLast()) + (right.hasSuffix("A") ? "B" : "A"))
        let key = ObjectKey.generate(under: "uploads")
        for attempt in ["put", "get", "delete"] {
            do {
                switch attempt {
                case "put": try await storage.put(key, chunks: ClamdTests.chunks([1]), length: 1, contentType: "text/plain")
                case "get": _ = try await storage.get(key)
                default: try await storage.delete(key)
                }
                Issue.record("\(attempt) with a wrong secret succeeded")
            } catch let error as StorageError {
                #expect(error.kind == .refused, "\(attempt): \(error)")
                #expect(error.description.contains("SignatureDoesNotMatch"), "\(attempt): \(error)")
                #expect(!error.description.contains(right), "never the secret")
            }
        }
    }

    @Test("a bucket that does not exist is a misconfiguration that names it")
    func missingBucket() async throws {
        let storage = try Self.storage(bucket: "hc-missing-\(UUID().uuidString.prefix(8).lowercased())")
        let key = ObjectKey.generate(under: "uploads")
        await #expect { try await storage.put(key, chunks: ClamdTests.chunks([1]), length: 1, contentType: "text/plain") } throws: {
            guard let error = $0 as? StorageError else { return false }
            return error.kind == .misconfigured && error.description.contains("'\(storage.location.bucket)' does not exist")
        }
        await #expect { _ = try await storage.get(key) } throws: { ($0 as? StorageError)?.kind == .misconfigured }
    }

    @Test("a store that cannot be reached is unavailable")
    func unreachable() async throws {
        // A client of its own with a short connect timeout: the shared one keeps trying for 90 s.
        let location = try Self.location(endpoint: URL(string: "http://127.0.0.1:9")!)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(timeout: .init(connect: .seconds(2))))
        let storage = S3Storage(location: location, client: client)
        await #expect { _ = try await storage.get(ObjectKey.generate(under: "uploads")) } throws: {
            ($0 as? StorageError)?.kind == .unavailable && "\($0)".contains("cannot reach the S3 store at 127.0.0.1:9")
        }
        try await client.shutdown()
    }

    @Test("a presigned URL serves the bytes as the named attachment in the signed type; a changed or expired one is refused")
    func presignedURLs() async throws {
        // Setup
        let storage = try Self.storage()
        let key = ObjectKey.generate(under: "uploads")
        let bytes = Self.bytes(70_000)
        try await storage.put(key, chunks: ClamdTests.chunks(bytes), length: Int64(bytes.count), contentType: "application/octet-stream")
        let name = "صورة الأشعة \"1\".jpg"

        // Act
        let url = try storage.signedURL(for: key, expiresAt: Date().addingTimeInterval(60), filename: name, contentType: "image/jpeg")
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)

        // Check: moto honours response-content-type and response-content-disposition, as S3 does.
        #expect(response.status == .ok)
        #expect(Array(body.readableBytesView) == bytes)
        #expect(response.headers.first(name: "Content-Type") == "image/jpeg")
        #expect(response.headers.first(name: "Content-Disposition") == S3Storage.attachment(name))
        #expect(S3Storage.attachment(name).hasPrefix("attachment; filename=\"____ ______ _1_.jpg\"; filename*=UTF-8''%D8%B5"))

        let signature = try #require(url.range(of: "X-Amz-Signature=")).upperBound
        let changed = url[..<signature] + (url[signature] == "0" ? "1" : "0") + url[url.index(after: signature)...]
        let forged = try await HTTPClient.shared.execute(HTTPClientRequest(url: String(changed)), timeout: .seconds(30))
        #expect(forged.status == .forbidden)
        #expect(String(buffer: try await forged.body.collect(upTo: 1 << 20)).contains("<Code>SignatureDoesNotMatch</Code>"))

        let anHourAgo = try Self.storage(now: { Date().addingTimeInterval(-3600) })
        let stale = try anHourAgo.signedURL(for: key, expiresAt: Date().addingTimeInterval(-3540), filename: nil, contentType: "image/jpeg")
        let expired = try await HTTPClient.shared.execute(HTTPClientRequest(url: stale), timeout: .seconds(30))
        #expect(expired.status == .forbidden)
        #expect(String(buffer: try await expired.body.collect(upTo: 1 << 20)).contains("Request has expired"))
        try await storage.delete(key)
    }
}

extension S3StorageTests {
    @Test("with an s3:// location the app stores in the bucket: its signed URLs point there, and /media/ serves nothing")
    func appWiring() async throws {
        let location = try Self.location()
        try await withTestApp(adjust: { $0.storage = .s3(location) }) { app in
            let storage = try #require(app.uploads.storage as? S3Storage)
            #expect(storage.location == location)
            let key = ObjectKey.generate(under: "uploads")
            try await storage.put(key, chunks: ClamdTests.chunks([1, 2, 3]), length: 3, contentType: "text/plain")
            let url = try storage.signedURL(for: key, expiresAt: Date().addingTimeInterval(60), filename: nil, contentType: "text/plain")
            #expect(
                url.hasPrefix("\(location.endpoint.absoluteString)/\(location.bucket)/\(key.value)?response-content-type=text%2Fplain&"))
            #expect(try await app.testing().sendRequest(.GET, "/media/\(key.value)").status == .notFound)
            try await storage.delete(key)
        }
    }
}

/// `length` bytes of a fixed pattern, made as they are read, in chunks whose sizes cycle through `sizes`.
struct GeneratedChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let length: Int64
    let sizes: [Int]

    struct AsyncIterator: AsyncIteratorProtocol {
        let length: Int64
        let sizes: [Int]
        var offset: Int64 = 0
        var turn = 0

        mutating func next() async throws -> ByteBuffer? {
            guard offset < length else { return nil }
            let size = Int(Swift.min(Int64(sizes[turn % sizes.count]), length - offset))
            turn += 1
            var buffer = ByteBuffer()
            buffer.reserveCapacity(size)
            let start = offset
            buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: size) { pointer in
                for index in 0..<size {
                    let position = UInt64(start) + UInt64(index)
                    pointer[index] = UInt8(truncatingIfNeeded: (position &* 0x9E37_79B9_7F4A_7C15) >> 29)
                }
                return size
            }
            offset += Int64(size)
            return buffer
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(length: length, sizes: sizes) }
}
