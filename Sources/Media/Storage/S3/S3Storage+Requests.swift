import AsyncHTTPClient
import Core
import Foundation
import NIOCore
import NIOHTTP1

extension S3Storage {
    /// The request for `key` (the bucket itself when nil), addressed in the configured style.
    func request(
        _ method: HTTPMethod, key: ObjectKey?, query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = []
    ) -> SigV4.Request {
        request(method, objectName: key?.value, query: query, headers: headers)
    }

    /// The request for the object named `objectName`, not encoded (the bucket itself when nil).
    func request(
        _ method: HTTPMethod, objectName: String?, query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = []
    ) -> SigV4.Request {
        let object = objectName.map { "/" + $0 } ?? ""
        let path = switch location.style {
        case .path: "/\(location.bucket)\(object)"
        case .virtual: object.isEmpty ? "/" : object
        }
        return SigV4.Request(method: method.rawValue, scheme: location.scheme, host: location.objectHost, path: path,
                             query: query, headers: headers)
    }

    /// Signs and sends a request; the body, if any, is hashed into the signature.
    func send(
        _ method: HTTPMethod, key: ObjectKey?, query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = [], body: ByteBuffer? = nil
    ) async throws -> HTTPClientResponse {
        let signed = request(method, key: key, query: query, headers: headers)
        let payloadHash = body.map { buffer in buffer.withUnsafeReadableBytes { SigV4.payloadHash($0) } } ?? SigV4.emptyPayloadHash
        var outgoing = HTTPClientRequest(url: signed.url)
        outgoing.method = method
        outgoing.headers.add(name: "Host", value: signed.host)
        for (name, value) in signed.headers + signer.authorization(for: signed, payloadHash: payloadHash, at: now()) {
            outgoing.headers.add(name: name, value: value)
        }
        if let body {
            outgoing.body = .bytes(body)
        } else if method == .PUT || method == .POST {
            outgoing.body = .bytes(ByteBuffer())  // an explicit Content-Length: 0, which S3 wants
        }
        do {
            return try await client.execute(outgoing, timeout: requestTimeout, logger: logger)
        } catch {
            throw StorageError(.unavailable, "cannot reach the S3 store at \(signed.host) (\(method) \(key?.value ?? "bucket")): \(error)")
        }
    }

    /// Reads (and so releases) a successful answer's small body, or throws what a failed one says.
    @discardableResult
    func expectSuccess(_ response: HTTPClientResponse, key: ObjectKey?) async throws -> String {
        guard (200..<300).contains(response.status.code) else { throw await failure(response, key: key) }
        do {
            return String(buffer: try await response.body.collect(upTo: Self.documentLimit))
        } catch {
            throw StorageError(.unavailable, "S3's answer for \(key?.value ?? "the bucket") broke off or was too long: \(error)")
        }
    }

    /// The most an XML answer (an error, an upload id, a completed upload) is read to.
    static var documentLimit: Int { 1 << 20 }

    /// The `StorageError` a failed answer stands for, from its status and the `<Code>` of its error document.
    func failure(_ response: HTTPClientResponse, key: ObjectKey?) async -> StorageError {
        let document = (try? await response.body.collect(upTo: Self.documentLimit)).map { String(buffer: $0) } ?? ""
        return failure(status: response.status.code, document: document, key: key)
    }

    func failure(status: UInt, document: String, key: ObjectKey?) -> StorageError {
        let code = S3XML.value(of: "Code", in: document)
        let message = S3XML.value(of: "Message", in: document).map { ": \($0)" } ?? ""
        let said = "S3 answered \(status) \(code ?? "without an error code")\(message)"
        let object = key.map { "object \($0.value)" } ?? "the bucket"
        switch code {
        case "NoSuchKey":
            return StorageError(.notFound, "no \(object) in bucket \(location.bucket)")
        case "NoSuchBucket":
            return StorageError(
                .misconfigured,
                """
                the bucket '\(location.bucket)' does not exist at \(location.endpoint.absoluteString): \
                check the bucket in HC_STORAGE_URL (\(said))
                """)
        case "InvalidBucketName", "AuthorizationHeaderMalformed", "PermanentRedirect", "TemporaryRedirect",
            "IllegalLocationConstraintException", "InvalidRegion":
            return StorageError(
                .misconfigured, "the bucket '\(location.bucket)' in region \(location.region) cannot be used as configured (\(said))")
        case "SlowDown", "InternalError", "ServiceUnavailable", "RequestTimeout":
            return StorageError(.unavailable, "\(said) (for \(object))")
        default:
            if status == 404 && code == nil { return StorageError(.notFound, "no \(object) in bucket \(location.bucket)") }
            return StorageError(status >= 500 ? .unavailable : .refused, "\(said) (for \(object))")
        }
    }
}
