import Crypto
import Foundation

/// AWS Signature Version 4, the way S3 checks it: header-signed requests and presigned GET URLs.
///
/// S3 differs from AWS's other services in two ways that matter here: the path is encoded once,
/// exactly as sent (no second encoding, `//`, `.` and `..` kept as they are), and the payload's
/// SHA-256 travels in `x-amz-content-sha256`. SigV4Tests checks this byte for byte against AWS's
/// published example and botocore (Tests/MediaTests/Fixtures/presign_reference.py).
public struct SigV4: Sendable, CustomStringConvertible {
    public let accessKeyID: String
    public let region: String
    public let service: String
    /// `AWS4` + the secret access key, the root of the daily signing key; a `SymmetricKey` never prints its bytes.
    private let root: SymmetricKey

    public init(accessKeyID: String, secretAccessKey: String, region: String, service: String = "s3") {
        self.accessKeyID = accessKeyID
        self.region = region
        self.service = service
        self.root = SymmetricKey(data: Data(("AWS4" + secretAccessKey).utf8))
    }

    /// The payload hash of a presigned URL, and of a request whose body is not hashed.
    public static let unsignedPayload = "UNSIGNED-PAYLOAD"

    /// A request to sign, as it will be sent.
    public struct Request: Sendable {
        public var method: String
        /// `https` or `http`.
        public var scheme: String
        /// The Host header: `host`, or `host:port` when the port is not the scheme's default.
        public var host: String
        /// The path as S3 names it, not encoded: `/bucket/key` (path-style) or `/key` (virtual-hosted).
        public var path: String
        /// Query parameters, not encoded, in the order they go on the URL.
        public var query: [(name: String, value: String)]
        /// Headers to sign besides `host`, `x-amz-date` and `x-amz-content-sha256` (which the signer adds).
        public var headers: [(name: String, value: String)]

        public init(
            method: String, scheme: String, host: String, path: String,
            query: [(name: String, value: String)] = [], headers: [(name: String, value: String)] = []
        ) {
            self.method = method
            self.scheme = scheme
            self.host = host
            self.path = path
            self.query = query
            self.headers = headers
        }

        /// The path as sent and signed: every byte but `A-Z a-z 0-9 - _ . ~` and `/` percent-encoded.
        public var encodedPath: String { SigV4.encode(path, keepingSlashes: true) }

        /// The URL with its query as given (a parameter without a value as its bare name, like `?uploads`).
        public var url: String { Self.url(scheme: scheme, host: host, encodedPath: encodedPath, query: query) }

        static func url(scheme: String, host: String, encodedPath: String, query: [(name: String, value: String)]) -> String {
            let rendered = query.map { $0.value.isEmpty ? SigV4.encode($0.name) : SigV4.encode($0.name) + "=" + SigV4.encode($0.value) }
            return "\(scheme)://\(host)\(encodedPath)" + (rendered.isEmpty ? "" : "?" + rendered.joined(separator: "&"))
        }
    }

    /// The headers that sign `request` whose body hashes to `payloadHash` (hex SHA-256):
    /// `x-amz-date`, `x-amz-content-sha256` and `Authorization`, to send with the request's own.
    public func authorization(for request: Request, payloadHash: String, at date: Date) -> [(name: String, value: String)] {
        let time = AmzTime(date)
        let added = [("x-amz-content-sha256", payloadHash), ("x-amz-date", time.stamp)]
        let headers = Self.canonicalHeaders([("host", request.host)] + request.headers + added)
        let signedHeaders = headers.map(\.name).joined(separator: ";")
        let canonical = Self.canonicalRequest(
            method: request.method, encodedPath: request.encodedPath, query: request.query, headers: headers,
            signedHeaders: signedHeaders, payloadHash: payloadHash
        )
        let authorization =
            "AWS4-HMAC-SHA256 Credential=\(accessKeyID)/\(scope(time)), SignedHeaders=\(signedHeaders), "
            + "Signature=\(signature(of: stringToSign(canonical, at: time), at: time))"
        return added + [("Authorization", authorization)]
    }

    /// A URL that lets whoever holds it GET `request` for `seconds` from `date` (1 to 604,800, S3's
    /// limits): the request's own query first, then the authentication parameters, as botocore orders them.
    public func presignedURL(for request: Request, expires seconds: Int, at date: Date) -> String {
        let time = AmzTime(date)
        let authentication = [
            ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"), ("X-Amz-Credential", "\(accessKeyID)/\(scope(time))"),
            ("X-Amz-Date", time.stamp), ("X-Amz-Expires", String(seconds)), ("X-Amz-SignedHeaders", "host"),
        ]
        let query = request.query + authentication
        let canonical = Self.canonicalRequest(
            method: request.method, encodedPath: request.encodedPath, query: query, headers: [("host", request.host)],
            signedHeaders: "host", payloadHash: Self.unsignedPayload
        )
        let signed = query + [("X-Amz-Signature", signature(of: stringToSign(canonical, at: time), at: time))]
        // Every parameter with its `=`, even an empty one, as a presigned URL's parser expects.
        let rendered = signed.map { Self.encode($0.0) + "=" + Self.encode($0.1) }.joined(separator: "&")
        return "\(request.scheme)://\(request.host)\(request.encodedPath)?\(rendered)"
    }

    func scope(_ time: AmzTime) -> String { "\(time.day)/\(region)/\(service)/aws4_request" }

    /// The canonical request: method, path, sorted query, headers, their names, and the payload hash.
    static func canonicalRequest(
        method: String, encodedPath: String, query: [(name: String, value: String)], headers: [(name: String, value: String)],
        signedHeaders: String, payloadHash: String
    ) -> String {
        let sortedQuery = query.map { (encode($0.name), encode($0.value)) }
            .sorted { ($0.0.utf8.lexicographicallyPrecedes($1.0.utf8)) || ($0.0 == $1.0 && $0.1.utf8.lexicographicallyPrecedes($1.1.utf8)) }
            .map { "\($0.0)=\($0.1)" }.joined(separator: "&")
        let headerLines = headers.map { "\($0.name):\($0.value)\n" }.joined()
        return [method, encodedPath, sortedQuery, headerLines, signedHeaders, payloadHash].joined(separator: "\n")
    }

    /// Header names lower-cased, values trimmed with inner runs of spaces made one, sorted by name;
    /// a name given twice has its values joined by commas.
    static func canonicalHeaders(_ headers: [(name: String, value: String)]) -> [(name: String, value: String)] {
        var merged: [String: String] = [:]
        for (name, value) in headers {
            let clean = value.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
            let key = name.lowercased()
            merged[key] = merged[key].map { $0 + "," + clean } ?? clean
        }
        return merged.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }.map { (name: $0.key, value: $0.value) }
    }

    func stringToSign(_ canonicalRequest: String, at time: AmzTime) -> String {
        ["AWS4-HMAC-SHA256", time.stamp, scope(time), Self.hex(SHA256.hash(data: Data(canonicalRequest.utf8)))].joined(separator: "\n")
    }

    /// HMAC-SHA256 of the string to sign under the day's key: `AWS4`+secret → day → region → service → `aws4_request`.
    func signature(of stringToSign: String, at time: AmzTime) -> String {
        var key = root
        for part in [time.day, region, service, "aws4_request"] {
            key = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key))
        }
        return Self.hex(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: key))
    }

    /// Never the secret.
    public var description: String { "SigV4(\(accessKeyID), \(region), \(service))" }
}
