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

/// The whole way of an upload with HC_STORAGE_URL naming the S3 test server: received, scanned by
/// clamd from the bucket, previewed, opened through a presigned URL, deleted from the bucket.
@Suite("Uploads stored in an S3-compatible bucket")
struct S3PipelineTests {
    static func fetch(_ url: String) async throws -> (status: UInt, type: String?, body: [UInt8]) {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 16 << 20)
        return (response.status.code, response.headers.first(name: "Content-Type"), Array(body.readableBytesView))
    }

    @Test("a patient's DICOM file goes to the bucket, is scanned and previewed from it, opens by a presigned link, and leaves it when deleted",
          arguments: TestDatabase.allCases)
    func pipeline(database: TestDatabase) async throws {
        let location = try S3StorageTests.location()
        let dicom = try await DicomTests.fixture("plain.dcm")
        try await withTestApp(database, adjust: { $0.storage = .s3(location) }) { app in
            #expect(app.uploads.storage is S3Storage)
            let (browser, patient) = try await TestAccounts.signedIn(app)
            let record = try await UploadPipelineTests.receive(app, dicom, as: "IM000001", by: .user(try patient.requireID()))
            try await UploadPipelineTests.work(app)
            #expect(try await UploadPipelineTests.state(app, record) == .clean)
            let preview = try #require(try await UploadPreviewRecord.query(on: app.db).filter(\.$uploadID == record.requireID()).first())

            let page = try await browser.get("/en/account/files")
            #expect(page.headers.first(name: "Content-Security-Policy")?.contains("img-src 'self' \(location.objectOrigin)") == true)
            let src = try #require(page.text.range(of: #"<img src=""#).map { String(page.text[$0.upperBound...].prefix { $0 != "\"" }) })
            #expect(src.hasPrefix(location.objectOrigin))
            let image = try await Self.fetch(src.replacingOccurrences(of: "&amp;", with: "&"))
            #expect(image.status == 200 && image.type == "image/png" && Array(image.body.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])

            let open = try await browser.get("/en/account/files/\(try record.requireID().uuidString.lowercased())")
            let link = try #require(open.location)
            #expect(open.status == .seeOther && link.hasPrefix(location.objectOrigin) && link.contains("X-Amz-Signature="))
            let download = try await Self.fetch(link)
            #expect(download.status == 200 && download.body == dicom)

            try await app.uploads.delete(try #require(try await UploadRecord.find(record.requireID(), on: app.db)), by: .system("test"),
                                         origin: .init(), on: app.db)
            try await UploadPipelineTests.work(app)
            for key in [record.storageKey, preview.storageKey] {
                await #expect(throws: StorageError.self) { _ = try await app.uploads.storage.get(try #require(ObjectKey(key))) }
            }
        }
    }
}
