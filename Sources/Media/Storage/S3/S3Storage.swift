import AsyncHTTPClient
import Core
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Objects in a bucket of an S3-compatible store (`HC_STORAGE_URL=s3://…`), spoken to over
/// AsyncHTTPClient and signed with SigV4; downloads go to the store itself through presigned URLs.
///
/// Every request body is hashed before it is signed (`x-amz-content-sha256`), so a body is held in
/// memory once: a whole object up to `singlePutLimit`, then one part of a multipart upload at a time.
public struct S3Storage: ObjectStorage, CustomStringConvertible {
    public let location: S3Location
    let client: HTTPClient
    let signer: SigV4
    let now: @Sendable () -> Date
    let logger: Logger
    /// Objects up to this many bytes go up in one PUT; larger ones as a multipart upload.
    public var singlePutLimit = 16 << 20
    /// The size of each part of a multipart upload but the last (S3's minimum is 5 MiB), raised for an
    /// object so large that it would need more than S3's 10,000 parts.
    public var partSize = 8 << 20
    /// How long a request may take until its answer's head arrives, its own body's upload included.
    /// A download's body then streams for as long as the reader takes.
    public var requestTimeout = TimeAmount.minutes(5)

    /// `client` is the app's (`app.http.client.shared`); `now` is the clock presigned URLs and signatures use.
    public init(
        location: S3Location, client: HTTPClient, logger: Logger = Logger(label: "healthconnect.storage.s3"),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.location = location
        self.client = client
        self.signer = SigV4(accessKeyID: location.accessKeyID, secretAccessKey: location.secretAccessKey, region: location.region)
        self.now = now
        self.logger = logger
    }

    public func put<Chunks: AsyncSequence & Sendable>(_ key: ObjectKey, chunks: Chunks, length: Int64, contentType: String) async throws
    where Chunks.Element == ByteBuffer {
        guard length >= 0 else { throw StorageError(.refused, "a negative length (\(length)) was announced") }
        guard length > singlePutLimit else {
            var whole = ByteBuffer()
            try await Self.forEachPart(of: chunks, length: length, partSize: max(Int(length), 1)) { part, _ in whole = part }
            try await putObject(key, body: whole, contentType: contentType)
            return
        }
        try await multipartPut(key, chunks: chunks, length: length, contentType: contentType)
    }

    func putObject(_ key: ObjectKey, body: ByteBuffer, contentType: String) async throws {
        let response = try await send(.PUT, key: key, headers: uploadHeaders(contentType), body: body)
        try await expectSuccess(response, key: key)
    }

    /// The headers an upload signs: the object's type and, when configured, server-side encryption.
    func uploadHeaders(_ contentType: String) -> [(name: String, value: String)] {
        // Always a type of its own: an HTTP library's default (form-encoded) would be stored instead.
        var headers = [(name: "Content-Type", value: contentType.isEmpty ? "application/octet-stream" : contentType)]
        if let sse = location.serverSideEncryption { headers.append(("x-amz-server-side-encryption", sse)) }
        return headers
    }

    public func get(_ key: ObjectKey) async throws -> AsyncThrowingStream<ByteBuffer, any Error> {
        let response = try await send(.GET, key: key)
        guard response.status == .ok else { throw await failure(response, key: key) }
        let body = ResponseChunks(response.body.makeAsyncIterator(), key: key)
        // Pulled as the reader asks, so a slow reader slows the download instead of filling memory.
        return AsyncThrowingStream(unfolding: { try await body.next() })
    }

    public func delete(_ key: ObjectKey) async throws {
        let response = try await send(.DELETE, key: key)
        if response.status == .notFound {
            let error = await failure(response, key: key)
            if error.kind == .notFound { return }
            throw error
        }
        try await expectSuccess(response, key: key)
    }

    public func firstKey(under prefix: String) async throws -> ObjectKey? {
        // ListObjectsV2 answers keys in UTF-8 byte order; one is all we want.
        let response = try await send(.GET, key: nil, query: [("list-type", "2"), ("max-keys", "1"), ("prefix", prefix + "/")])
        let document = try await expectSuccess(response, key: nil)
        return S3XML.value(of: "Key", in: document).flatMap(ObjectKey.init)
    }

    /// A presigned GET of the object for the seconds until `expiry` (at most a week, S3's limit),
    /// answered with `filename` as an attachment and `contentType`: the store serves the download.
    public func signedURL(for key: ObjectKey, expiresAt expiry: Date, filename: String?, contentType: String) throws -> String {
        let now = now()
        let seconds = expiry.timeIntervalSince(now).rounded(.up)
        guard seconds >= 1 else { throw StorageError(.refused, "a signed URL must expire in the future, not at \(expiry)") }
        return presignedURL(
            objectName: key.value, filename: filename, contentType: contentType, expires: Int(min(seconds, 604_800)), at: now)
    }

    /// The presigned GET of `objectName` (not encoded), valid `seconds` from `date`.
    func presignedURL(objectName: String, filename: String?, contentType: String, expires seconds: Int, at date: Date) -> String {
        var query: [(name: String, value: String)] = []
        if let filename { query.append(("response-content-disposition", Self.attachment(filename))) }
        query.append(("response-content-type", contentType))
        return signer.presignedURL(for: request(.GET, objectName: objectName, query: query), expires: seconds, at: date)
    }

    /// The same `Content-Disposition` as the app's `/media/` route sends: RFC 6266 with an ASCII
    /// fallback and the RFC 5987 UTF-8 name.
    static func attachment(_ name: String) -> String {
        let ascii = String(name.unicodeScalars.map { $0.isASCII && $0 != "\"" && $0 != "\\" && $0.value >= 0x20 ? Character($0) : "_" })
        return "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(SigV4.encode(name))"
    }

    /// Never the secret.
    public var description: String { "S3Storage(\(location))" }
}

/// A download's body, read one chunk per call; errors become `StorageError`s naming the object.
/// Unchecked: `AsyncThrowingStream(unfolding:)` calls `next` once at a time, never concurrently.
final class ResponseChunks: @unchecked Sendable {
    private var iterator: HTTPClientResponse.Body.AsyncIterator
    private let key: ObjectKey

    init(_ iterator: HTTPClientResponse.Body.AsyncIterator, key: ObjectKey) {
        self.iterator = iterator
        self.key = key
    }

    func next() async throws -> ByteBuffer? {
        do {
            return try await iterator.next()
        } catch {
            throw StorageError(.unavailable, "the download of \(key) broke off: \(error)")
        }
    }
}
