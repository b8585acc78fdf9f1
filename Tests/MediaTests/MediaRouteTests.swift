@testable import App
import Foundation
@testable import Media
import Testing
import TestSupport
import Vapor
import VaporTesting

@Suite("Serving stored objects through signed URLs")
struct MediaRouteTests {
    @Test("a signed URL serves the object as a download in its own type; expired, changed or unsigned it is not found")
    func serve() async throws {
        try await withTestApp { app in
            let storage = try #require(app.uploads.storage as? FileStorage)
            let key = ObjectKey.generate(under: "uploads")
            let bytes = UploadInspectionTests.png(width: 20, height: 20)
            try await storage.put(key, chunks: ClamdTests.chunks(bytes), length: Int64(bytes.count), contentType: "image/png")

            let url = try storage.signedURL(for: key, expiresAt: Date().addingTimeInterval(60), filename: "ساق \"يسرى\".png", contentType: "image/png")
            let response = try await app.testing().sendRequest(.GET, url)
            #expect(response.status == .ok && Array(response.body.readableBytesView) == bytes)
            #expect(response.headers.first(name: .contentType) == "image/png")
            #expect(response.headers.first(name: .contentDisposition) == #"attachment; filename="___ ______.png"; filename*=UTF-8''%D8%B3%D8%A7%D9%82%20%22%D9%8A%D8%B3%D8%B1%D9%89%22.png"#)
            #expect(response.headers.first(name: .cacheControl) == "private, no-store")
            #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff")

            let expired = try storage.signedURL(for: key, expiresAt: Date().addingTimeInterval(-1), filename: nil, contentType: "image/png")
            #expect(try await app.testing().sendRequest(.GET, expired).status == .notFound)
            let retyped = url.replacingOccurrences(of: "type=image%2Fpng", with: "type=text%2Fhtml")
            #expect(try await app.testing().sendRequest(.GET, retyped).status == .notFound)
            #expect(try await app.testing().sendRequest(.GET, "/media/\(key.value)").status == .notFound)
            let traversal = url.replacingOccurrences(of: key.value, with: "uploads/../../etc/passwd")
            #expect(try await app.testing().sendRequest(.GET, traversal).status == .notFound)
            try await storage.delete(key)
            #expect(try await app.testing().sendRequest(.GET, url).status == .notFound, "deleted")
        }
    }
}
