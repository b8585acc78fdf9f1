import AsyncHTTPClient
@testable import App
import Core
import FluentKit
import Foundation
@testable import Media
import NIOCore
import Testing
import TestSupport
import Vapor

/// A storage back end that keeps FileStorage's behaviour and notes the largest buffer it was
/// ever handed: what a streamed upload holds in memory at once on its way to storage.
final class RecordingStorage: ObjectStorage, @unchecked Sendable {
    let inner: FileStorage
    private let lock = NSLock()
    private var largest = 0
    private var total: Int64 = 0

    init(_ inner: FileStorage) {
        self.inner = inner
    }

    var largestBuffer: Int { lock.withLock { largest } }
    var bytesStored: Int64 { lock.withLock { total } }

    func put<Chunks: AsyncSequence & Sendable>(_ key: ObjectKey, chunks: Chunks, length: Int64, contentType: String) async throws
        where Chunks.Element == ByteBuffer {
        let recorded = RecordedChunks(base: chunks, storage: self)
        try await inner.put(key, chunks: recorded, length: length, contentType: contentType)
    }

    func note(_ size: Int) {
        lock.withLock {
            largest = max(largest, size)
            total += Int64(size)
        }
    }

    func get(_ key: ObjectKey) async throws -> AsyncThrowingStream<ByteBuffer, any Error> { try await inner.get(key) }
    func delete(_ key: ObjectKey) async throws { try await inner.delete(key) }
    func firstKey(under prefix: String) async throws -> ObjectKey? { try await inner.firstKey(under: prefix) }
    func signedURL(for key: ObjectKey, expiresAt expiry: Date, filename: String?, contentType: String) throws -> String {
        try inner.signedURL(for: key, expiresAt: expiry, filename: filename, contentType: contentType)
    }

    struct RecordedChunks<Base: AsyncSequence & Sendable>: AsyncSequence, Sendable where Base.Element == ByteBuffer {
        typealias Element = ByteBuffer
        let base: Base
        let storage: RecordingStorage

        struct AsyncIterator: AsyncIteratorProtocol {
            var base: Base.AsyncIterator
            let storage: RecordingStorage
            mutating func next() async throws -> ByteBuffer? {
                guard let chunk = try await base.next() else { return nil }
                storage.note(chunk.readableBytes)
                return chunk
            }
        }

        func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: base.makeAsyncIterator(), storage: storage) }
    }
}

@Suite("A 200 MB upload streams from the socket to storage")
struct LargeUploadTests {
    static let size = 200 << 20
    static let piece = 64 << 10

    @Test("200 MB sent over real HTTP are spooled and stored in chunks no larger than the storage's chunk size, and arrive whole")
    func twoHundredMegabytes() async throws {
        try await withTestApp(only: .sqlite, because: "the body's way through the server is the same on both engines") { app in
            guard let files = app.uploads.storage as? FileStorage else { throw TestSetupError("the test storage is not FileStorage") }
            let recording = RecordingStorage(files)
            var limits = UploadLimits()
            limits.dicomBytes = 300 << 20
            app.uploads = Uploads(storage: recording, limits: limits, audit: app.auditTrail, clamd: app.uploads.clamd,
                                  keyring: app.webContext.configuration.secretKeys, spoolFolder: app.uploads.spoolFolder)
            let (browser, patient) = try await TestAccounts.signedIn(app)
            try await browser.get("/en/account/files")
            let csrf = try #require(browser.csrfToken)
            let cookie = try #require(browser.session)
            try await withRunningServer(app) { port in
                let boundary = "----hc-large-\(UUID().uuidString)"
                let head = "--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n\(csrf)\r\n"
                    + "--\(boundary)\r\nContent-Disposition: form-data; name=\"files\"; filename=\"CT.dcm\"\r\nContent-Type: application/dicom\r\n\r\n"
                let tail = "\r\n--\(boundary)--\r\n"
                let body = Self.body(head: Array(head.utf8), tail: Array(tail.utf8))
                var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/en/uploads")
                request.method = .POST
                request.headers.add(name: "Content-Type", value: "multipart/form-data; boundary=\(boundary)")
                request.headers.add(name: "Cookie", value: "hc_session=\(cookie)")
                request.headers.add(name: "Accept", value: "application/json")
                request.body = .stream(body, length: .known(Int64(head.utf8.count + Self.size + tail.utf8.count)))
                let response = try await HTTPClient.shared.execute(request, timeout: .minutes(5))
                let answer = try await response.body.collect(upTo: 1 << 20)
                #expect(response.status == .ok, "\(String(buffer: answer))")
            }
            let record = try #require(try await UploadRecord.query(on: app.db).filter(\.$ownerID == patient.requireID()).first())
            #expect(record.byteCount == Int64(Self.size) && record.kind == .dicom)
            #expect(recording.bytesStored == Int64(Self.size))
            #expect(recording.largestBuffer > 0 && recording.largestBuffer <= FileChunks(path: "").chunkSize,
                    "largest buffer \(recording.largestBuffer) bytes")
            #expect(((try? FileManager.default.contentsOfDirectory(atPath: app.uploads.spoolFolder)) ?? []).isEmpty)
        }
    }

    /// The body made as it is sent: a DICOM preamble and then zeros, never the whole in memory.
    static func body(head: [UInt8], tail: [UInt8]) -> AsyncStream<ByteBuffer> {
        AsyncStream { continuation in
            continuation.yield(ByteBuffer(bytes: head))
            var first = [UInt8](repeating: 0, count: piece)
            first.replaceSubrange(128..<132, with: Array("DICM".utf8))
            continuation.yield(ByteBuffer(bytes: first))
            let zeros = ByteBuffer(repeating: 0, count: piece)
            for _ in 1..<(size / piece) { continuation.yield(zeros) }
            continuation.yield(ByteBuffer(bytes: tail))
            continuation.finish()
        }
    }
}
