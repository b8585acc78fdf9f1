@testable import App
import Audit
import Core
import FluentKit
import Foundation
import Jobs
@testable import Media
import Testing
import TestSupport
import Vapor
import VaporTesting

/// DICOM files and study archives with the real DCMTK, GDCM and clamd: scanned as they are (an
/// archive's entries again after unpacking), a preview per series, identifying tags sealed and
/// shown only to those who may see the record.
@Suite("DICOM: entry scans, previews and identifying tags")
struct DicomTests {
    /// The files Fixtures/make-dicom.sh makes, made once per test run.
    static let fixtures = Task { () throws -> String in
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hc-dicom-fixtures-\(UUID().uuidString)").path
        let script = packageRoot.appendingPathComponent("Tests/MediaTests/Fixtures/make-dicom.sh").path
        _ = try await ExternalTool(executable: "/bin/bash").run([script, folder], limit: 120)
        return folder
    }

    static func fixture(_ name: String) async throws -> [UInt8] {
        let folder = try await fixtures.value
        return Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))
    }

    static func bytes(_ app: Application, _ key: String) async throws -> [UInt8] {
        var out: [UInt8] = []
        for try await chunk in try await app.uploads.storage.get(try #require(ObjectKey(key))) { out += chunk.readableBytesView }
        return out
    }

    @Test("an uncompressed and a JPEG 2000 file each get a PNG preview; the name, ID, birth date and hospital are sealed, shown to the patient and nowhere else",
          arguments: TestDatabase.allCases)
    func previewsAndTags(database: TestDatabase) async throws {
        let plain = try await Self.fixture("plain.dcm")
        let j2k = try await Self.fixture("j2k.dcm")
        try await withTestApp(database) { app in
            let (browser, patient) = try await TestAccounts.signedIn(app)
            let owner = Uploader.user(try patient.requireID())
            let first = try await UploadPipelineTests.receive(app, plain, as: "IM000001", by: owner)
            let second = try await UploadPipelineTests.receive(app, j2k, as: "knee-j2k.dcm", by: owner)
            try await UploadPipelineTests.work(app)
            for record in [first, second] {
                let stored = try #require(try await UploadRecord.find(record.requireID(), on: app.db))
                #expect(stored.state == .clean)
                let previews = try await UploadPreviewRecord.query(on: app.db).filter(\.$uploadID == record.requireID()).all()
                #expect(previews.count == 1 && previews.first?.imageCount == 1 && previews.first?.modality == "OT")
                let png = try await Self.bytes(app, try #require(previews.first).storageKey)
                #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "a PNG")
                let sealed = try #require(stored.dicomTags)
                #expect(!sealed.contains("Test") && !sealed.contains("HC-TEST-0001"), "sealed, not stored in the clear")
                let tags = try #require(app.uploads.tags(of: stored))
                #expect(tags.patientName == "Test Patient" && tags.patientID == "HC-TEST-0001" && tags.birthDate == "19800101"
                        && tags.institution == "Health Connect Test Clinic")
            }

            let page = try await browser.get("/en/account/files")
            #expect(page.text.contains("Test Patient") && page.text.contains("1980-01-01") && page.text.contains("Health Connect Test Clinic"))
            #expect(page.text.contains(#"<img src="/media/previews/"#) && page.text.contains("text written into the picture itself"))
            let preview = try #require(page.text.range(of: #"<img src=""#).map { String(page.text[$0.upperBound...].prefix { $0 != "\"" }) })
            let served = try await app.testing().sendRequest(.GET, preview.replacingOccurrences(of: "&amp;", with: "&"))
            #expect(served.status == .ok && served.headers.first(name: .contentType) == "image/png")

            let (admin, _) = try await TestAccounts.signedIn(app, role: .admin, secondFactor: true)
            try await UploadRecord.query(on: app.db).filter(\.$id == first.requireID()).set(\.$state, to: .unscanned).update()
            let desk = try await admin.get("/admin/uploads")
            #expect(desk.status == .ok && desk.text.contains("IM000001"))
            #expect(!desk.text.contains("Test Patient") && !desk.text.contains("HC-TEST-0001") && !desk.text.contains("/media/"),
                    "the staff desk shows metadata only")
            let stranger = try await TestAccounts.signedIn(app).0
            let theirs = try await stranger.get("/en/account/files")
            #expect(!theirs.text.contains("Test Patient"))
            let home = try await TestBrowser(app).get("/en/")
            #expect(!home.text.contains("Test Patient"))

            let previewKeys = try await UploadPreviewRecord.query(on: app.db).filter(\.$uploadID == second.requireID()).all().map(\.storageKey)
            try await app.uploads.delete(try #require(try await UploadRecord.find(second.requireID(), on: app.db)), by: .system("test"),
                                         origin: AuditOrigin(), on: app.db)
            try await UploadPipelineTests.work(app)
            for key in previewKeys {
                await #expect(throws: StorageError.self) { _ = try await Self.bytes(app, key) }
            }
        }
    }

    @Test("a zipped study is scanned as a whole and entry by entry, and gets one preview for its series of two images", arguments: TestDatabase.allCases)
    func study(database: TestDatabase) async throws {
        let zip = try await Self.fixture("study.zip")
        try await withTestApp(database) { app in
            let (_, patient) = try await TestAccounts.signedIn(app)
            let record = try await UploadPipelineTests.receive(app, zip, as: "CD.zip", by: .user(try patient.requireID()))
            try await UploadPipelineTests.work(app)
            #expect(try await UploadPipelineTests.state(app, record) == .clean)
            let scan = try #require(try await AuditTrail.latest(20, on: app.db).first { $0.action == "upload.scan" && $0.resourceID == record.id?.uuidString.lowercased() })
            #expect(scan.detail.contains(#""entries":3"#), "DICOMDIR and both images scanned again: \(scan.detail)")
            let previews = try await UploadPreviewRecord.query(on: app.db).filter(\.$uploadID == record.requireID()).all()
            #expect(previews.count == 1 && previews.first?.imageCount == 2)
            #expect(app.uploads.tags(of: try #require(try await UploadRecord.find(record.requireID(), on: app.db)))?.patientName == "Test Patient")
        }
    }
}
