import Foundation
import NIOCore
import Testing
@testable import Web

@Suite("The streaming multipart parser")
struct MultipartStreamParserTests {
    struct Part: Equatable {
        var headers: [String]
        var body: [UInt8]
    }

    static func parse(_ bytes: [UInt8], boundary: String, pieces: Int) throws -> (parts: [Part], finished: Bool) {
        let parser = MultipartStreamParser(boundary: boundary)
        var parts: [Part] = []
        parser.onPartBegin = { headers in parts.append(Part(headers: headers.map { "\($0.0)=\($0.1)" }, body: [])) }
        parser.onBody = { slice in parts[parts.count - 1].body += slice.readableBytesView }
        parser.onPartEnd = {}
        let size = max(1, bytes.count / pieces)
        var offset = 0
        while offset < bytes.count {
            try parser.feed(ByteBuffer(bytes: bytes[offset..<min(bytes.count, offset + size)]))
            offset += size
        }
        return (parts, parser.isFinished)
    }

    static let boundary = "----hc-boundary-7MA4YWxkTrZu0gW"
    // A body that holds most of a delimiter, CR LF pairs, and a blank line; then a zero-byte file
    // and a part without headers.
    static let content: [UInt8] = Array("ab\r\n------hc-boundary-7MA4YWxkTrZu0g\r\n\r\nz".utf8)
    static var form: [UInt8] {
        Array("preamble\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\ntok\r\n".utf8)
            + Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"files\"; filename=\"ساق.dcm\"\r\nContent-Type: application/dicom\r\n\r\n".utf8)
            + content
            + Array("\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"files\"; filename=\"empty.png\"\r\n\r\n".utf8)
            + Array("\r\n--\(boundary)\r\n\r\nbare\r\n--\(boundary)--\r\nepilogue".utf8)
    }

    @Test("every split of the body, down to one byte at a time, gives the same parts, bytes and all")
    func everySplit() throws {
        let expected = [
            Part(headers: [#"content-disposition=form-data; name="csrf_token""#], body: Array("tok".utf8)),
            Part(headers: [#"content-disposition=form-data; name="files"; filename="ساق.dcm""#, "content-type=application/dicom"], body: Self.content),
            Part(headers: [#"content-disposition=form-data; name="files"; filename="empty.png""#], body: []),
            Part(headers: [], body: Array("bare".utf8)),
        ]
        for pieces in [1, 2, 3, 7, 50, Self.form.count] {
            let (parts, finished) = try Self.parse(Self.form, boundary: Self.boundary, pieces: pieces)
            #expect(parts == expected, "in \(pieces) pieces")
            #expect(finished)
        }
    }

    @Test("a body cut off before its closing delimiter is not finished; garbage after a delimiter and endless headers are malformed")
    func broken() throws {
        let cut = Array(Self.form.prefix(Self.form.count - 30))
        #expect(try !Self.parse(cut, boundary: Self.boundary, pieces: 5).finished)
        #expect(throws: MultipartStreamParser.Failure.self) {
            _ = try Self.parse(Array("--\(Self.boundary)XX".utf8), boundary: Self.boundary, pieces: 1)
        }
        let endless = Array("--\(Self.boundary)\r\n".utf8) + [UInt8](repeating: 0x41, count: MultipartStreamParser.headerLimit + 10)
        #expect(throws: MultipartStreamParser.Failure.self) { _ = try Self.parse(endless, boundary: Self.boundary, pieces: 3) }
    }
}
