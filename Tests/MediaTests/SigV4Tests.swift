import AsyncHTTPClient
import Core
import Crypto
import Foundation
@testable import Media
import Testing

/// The signer against AWS's published S3 example and, byte for byte, against botocore: the
/// reference lines come from Fixtures/presign_reference.py (which says how to regenerate them).
@Suite("AWS Signature Version 4 for S3")
struct SigV4Tests {
    static let accessKeyID = "AKIAIOSFODNN7EXAMPLE"
    static let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

    /// One line of presign_reference.jsonl: botocore's inputs and what it made of them.
    struct Reference: Decodable {
        var mode: String
        var method: String
        var accessKeyId: String
        var secretAccessKey: String
        var region: String
        var time: String
        var url: String
        var endpoint: String?
        var addressing: String?
        var bucket: String?
        var key: String?
        var expires: Int?
        var headers: [String: String]?
        var body: String?
        var signedContentType: String?
        var sse: String?
        var query: [[String]]?
        var filename: String?
        var responseContentDisposition: String?
        var responseContentType: String?
        var canonicalRequest: String?

        var date: Date { ISO8601DateFormatter().date(from: time)! }
    }

    static func references() throws -> [Reference] {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/presign_reference.jsonl")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map {
            try decoder.decode(Reference.self, from: Data($0.utf8))
        }
    }

    /// The storage a reference line describes; its client never sends anything here.
    static func storage(for line: Reference) throws -> S3Storage {
        let endpoint = try #require(line.endpoint.flatMap(URL.init(string:)))
        let style = try #require(line.addressing.flatMap(S3Location.Style.init(rawValue:)))
        let location = S3Location(
            bucket: try #require(line.bucket), endpoint: endpoint, region: line.region, style: style,
            accessKeyID: line.accessKeyId, secretAccessKey: line.secretAccessKey, serverSideEncryption: line.sse
        )
        return S3Storage(location: location, client: HTTPClient.shared)
    }

    @Test("AWS's published S3 example: a presigned GET of /test.txt and a header-signed ranged GET, 2013-05-24")
    func awsExample() throws {
        // Setup: the example's key, region, bucket host and time (docs.aws.amazon.com, "Signature Calculations for
        // the Authorization Header" and "Authenticating Requests: Using Query Parameters").
        let signer = SigV4(accessKeyID: Self.accessKeyID, secretAccessKey: Self.secret, region: "us-east-1")
        let time = Date(timeIntervalSince1970: 1_369_353_600)  // 2013-05-24T00:00:00Z
        let object = SigV4.Request(method: "GET", scheme: "https", host: "examplebucket.s3.amazonaws.com", path: "/test.txt")

        // Act
        let url = signer.presignedURL(for: object, expires: 86_400, at: time)
        var ranged = object
        ranged.headers = [("Range", "bytes=0-9")]
        let headers = Dictionary(
            uniqueKeysWithValues: signer.authorization(for: ranged, payloadHash: SigV4.emptyPayloadHash, at: time).map {
                ($0.name, $0.value)
            })

        // Check: the signatures AWS publishes, and the whole of what botocore makes of the same inputs.
        #expect(
            url == """
                https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256\
                &X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z\
                &X-Amz-Expires=86400&X-Amz-SignedHeaders=host\
                &X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404
                """)
        #expect(
            headers["Authorization"] == """
                AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, \
                SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, \
                Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41
                """)
        #expect(headers["x-amz-date"] == "20130524T000000Z")
        #expect(headers["x-amz-content-sha256"] == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let examples = try Self.references().filter { $0.mode == "aws-example" }
        #expect(examples.count == 2)
        for example in examples {
            if let sent = example.headers {
                #expect(sent["Authorization"] == headers["Authorization"])
                #expect(sent["X-Amz-Date"] == headers["x-amz-date"])
                #expect(sent["X-Amz-Content-SHA256"] == headers["x-amz-content-sha256"])
            } else {
                #expect(example.url == url)
            }
        }
    }

    @Test("presigned GET URLs equal botocore's, byte for byte, with and without the download's name and type")
    func presignedURLs() throws {
        let lines = try Self.references().filter { $0.mode == "presign" }
        #expect(lines.count == 84, "every presign line of the fixture is checked")
        #expect(lines.contains { $0.addressing == "virtual" } && lines.contains { $0.responseContentType != nil })
        for line in lines {
            let storage = try Self.storage(for: line)
            let key = try #require(line.key)
            let url: String
            if let type = line.responseContentType {
                let filename = try #require(line.filename)
                #expect(S3Storage.attachment(filename) == line.responseContentDisposition, "\(filename)")
                url = storage.presignedURL(
                    objectName: key, filename: filename, contentType: type, expires: try #require(line.expires), at: line.date)
            } else {
                url = storage.signer.presignedURL(
                    for: storage.request(.GET, objectName: key), expires: try #require(line.expires), at: line.date)
            }
            #expect(url == line.url, "\(line.region) \(line.addressing ?? "") \(key); botocore signed:\n\(line.canonicalRequest ?? "")")
        }
    }

    @Test("header-signed requests (PUT, GET, multipart) carry botocore's Authorization, x-amz-date and x-amz-content-sha256")
    func headerSignedRequests() throws {
        let lines = try Self.references().filter { $0.mode == "headers" }
        #expect(lines.count == 192, "every headers line of the fixture is checked")
        #expect(lines.contains { $0.sse != nil } && lines.contains { !($0.query ?? []).isEmpty })
        for line in lines {
            let storage = try Self.storage(for: line)
            let key = try #require(line.key)
            let headers = line.signedContentType.map { storage.uploadHeaders($0) } ?? []
            let query = (line.query ?? []).map { (name: $0[0], value: $0[1]) }
            let request = storage.request(.init(rawValue: line.method), objectName: key, query: query, headers: headers)
            let body = Array((line.body ?? "").utf8)
            let signed = Dictionary(
                uniqueKeysWithValues: storage.signer.authorization(
                    for: request, payloadHash: SigV4.hex(SHA256.hash(data: body)), at: line.date
                ).map { ($0.name.lowercased(), $0.value) })
            let expected = try #require(line.headers)
            let context = "\(line.method) \(line.addressing ?? "") \(key) \(query); botocore signed:\n\(line.canonicalRequest ?? "")"
            #expect(request.url == line.url, "\(context)")
            #expect(signed["authorization"] == expected["Authorization"], "\(context)")
            #expect(signed["x-amz-date"] == expected["X-Amz-Date"])
            #expect(signed["x-amz-content-sha256"] == expected["X-Amz-Content-SHA256"])
            #expect(
                Dictionary(uniqueKeysWithValues: headers.map { ($0.name.lowercased(), $0.value) })
                    == expected.filter { !["authorization", "x-amz-date", "x-amz-content-sha256"].contains($0.key.lowercased()) }
                    .reduce(into: [:]) { $0[$1.key.lowercased()] = $1.value })
        }
    }

    @Test("paths are encoded once, slashes and unreserved characters kept; query values fully")
    func encoding() {
        #expect(SigV4.encode("a b/ص+~._-", keepingSlashes: true) == "a%20b/%D8%B5%2B~._-")
        #expect(SigV4.encode("a/b=c&d%") == "a%2Fb%3Dc%26d%25")
        #expect(SigV4.encode("%2F", keepingSlashes: true) == "%252F")
    }

    @Test("the signer and the storage never print the secret")
    func redaction() {
        let signer = SigV4(accessKeyID: Self.accessKeyID, secretAccessKey: Self.secret, region: "auto")
        let location = S3Location(
            bucket: "hc-media", endpoint: URL(string: "https://r2.example")!, style: .path,
            accessKeyID: Self.accessKeyID, secretAccessKey: Self.secret)
        let storage = S3Storage(location: location, client: HTTPClient.shared)
        for text in [
            String(describing: signer), String(reflecting: signer), String(describing: storage), String(reflecting: storage),
            String(describing: location), String(reflecting: location),
        ] {
            #expect(!text.contains(Self.secret) && !text.contains("EXAMPLEKEY"), "\(text)")
        }
    }
}
