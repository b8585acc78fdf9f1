@testable import App
import Accounts
import Audit
import Core
import FluentKit
import Foundation
import Jobs
@testable import Media
import Testing
import TestSupport
import Vapor

/// `/admin/media` as its users work: an editor sends photos, corrects faces and approves; a
/// coordinator records and withdraws a consent; nobody else gets in.
@Suite("The media library's pages", .serialized)
struct AdminMediaTests {
    /// The consent form as the page posts it: multipart, the token first, the signed form last.
    static func consentForm(_ browser: TestBrowser, _ fields: [String: String], csrf: String? = nil,
                            file: (name: String, bytes: [UInt8], type: String)? = nil) throws -> MultipartBody {
        var body = MultipartBody()
        body.field("csrf_token", try csrf ?? #require(browser.csrfToken))
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) { body.field(name, value) }
        if let file { body.file("evidence_file", filename: file.name, file.bytes, type: file.type) }
        return body
    }

    static let signedForm = Array("%PDF-1.7\n1 0 obj << /Type /Page >> endobj\ntrailer<<>>\n%%EOF\n".utf8)

    static func asset(_ app: Application, titled title: String) async throws -> MediaAssetRecord {
        try #require(try await MediaAssetRecord.query(on: app.db).filter(\.$title == title).first())
    }

    @Test("an editor sends two photos at once, reviews the faces, names the person and approves; a coordinator withdraws the consent and the photo leaves the site",
          arguments: TestDatabase.allCases)
    func library(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let (patient, _) = try await TestAccounts.signedIn(app)
            #expect(try await patient.get("/admin/media").status == .forbidden)
            let (plainEditor, _) = try await TestAccounts.signedIn(app, role: .editor)
            #expect(try await plainEditor.get("/admin/media").status == .forbidden, "a second factor first")
            let (editor, _) = try await TestAccounts.signedIn(app, role: .editor, secondFactor: true)
            #expect(try await editor.get("/en/account/").text.contains(#"href="/admin/media""#))
            let list = try await editor.get("/admin/media")
            #expect(list.status == .ok && list.text.contains(#"data-upload-url="/admin/media/uploads""#))

            var body = MultipartBody()
            body.field("csrf_token", try #require(editor.csrfToken))
            body.file("files", filename: "astronaut_portrait.png", try MediaLibraryTests.photo("astronaut.png"), type: "image/png")
            body.file("files", filename: "frame-diagram.png", MediaLibraryTests.quadrants(width: 400, height: 300), type: "image/png")
            let sent = try await editor.postMultipart("/admin/media/uploads", body, headers: [("Accept", "application/json")])
            #expect(sent.status == .ok)
            struct Answer: Decodable { struct Upload: Decodable { var id: String; var stateURL: String; var state: String }; var uploads: [Upload] }
            let answer = try JSONDecoder().decode(Answer.self, from: Data(sent.text.utf8))
            #expect(answer.uploads.count == 2 && answer.uploads.allSatisfy { $0.state == "quarantined" && $0.stateURL.hasPrefix("/admin/media/uploads/") })
            try await MediaLibraryTests.work(app)
            let state = try await editor.get(answer.uploads[0].stateURL, headers: [("Accept", "application/json")])
            #expect(state.status == .ok && state.text.contains(#""state":"clean""#))
            #expect(try await patient.get(answer.uploads[0].stateURL).status != .ok)

            let photo = try await Self.asset(app, titled: "astronaut portrait")
            let diagram = try await Self.asset(app, titled: "frame diagram")
            #expect(!photo.faceBoxes.isEmpty && diagram.faceBoxes.isEmpty)
            let found = try await editor.get("/admin/media?q=astronaut&review=unreviewed")
            #expect(found.text.contains("astronaut portrait") && !found.text.contains("frame diagram"))
            #expect(!(try await editor.get("/admin/media?review=approved").text.contains("astronaut portrait")))

            // The review page: the photo through a short signed link, its face drawn over it, the boxes as numbers.
            let id = try photo.requireID().uuidString.lowercased()
            let page = try await editor.get("/admin/media/\(id)")
            #expect(page.status == .ok && page.text.contains("<rect") && page.text.contains(#"name="box_0_width""#) && page.text.contains(#"name="box_1_x""#))
            let preview = try #require(page.text.firstRange(of: #"src="/media/previews/"#).map { range in
                String(page.text[page.text.index(range.lowerBound, offsetBy: 5)...].prefix { $0 != "\"" }).replacingOccurrences(of: "&amp;", with: "&")
            })
            var previewBytes: [UInt8] = []
            try await app.testing().test(.GET, preview) { response in
                #expect(response.status == .ok && response.headers.first(name: .contentType) == "image/jpeg")
                previewBytes = Array(response.body.readableBytesView)
            }
            let previewFile = MediaLibraryTests.temporary(previewBytes, "jpg")
            defer { try? FileManager.default.removeItem(atPath: previewFile) }
            #expect(try await Imaging.hasMetadata(previewFile) == false)

            let face = try #require(photo.faceBoxes.first?.box)
            let outside = try await editor.post("/admin/media/\(id)/faces", ["box_0_x": "500", "box_0_y": "0", "box_0_width": "100", "box_0_height": "40"])
            #expect(outside.status == .unprocessableEntity && outside.text.contains("Each face box must lie inside the image."))
            let corrected = try await editor.post("/admin/media/\(id)/faces", [
                "box_0_x": String(face.x), "box_0_y": String(face.y), "box_0_width": String(face.width), "box_0_height": String(face.height),
                "box_1_x": "١٠", "box_1_y": "10", "box_1_width": "30", "box_1_height": "30",
            ])
            #expect(corrected.status == .seeOther)
            let boxes = try await Self.asset(app, titled: "astronaut portrait").faceBoxes
            #expect(boxes.map(\.source) == [.detected, .manual] && boxes[1].box == PixelBox(x: 10, y: 10, width: 30, height: 30))
            #expect(try await editor.post("/admin/media/\(id)/describe", ["title": "Eileen Collins", "alt_en": "An astronaut in her suit",
                                                                            "alt_ar": "رائدة فضاء ببدلتها", "tags": "Team, portrait"]).status == .seeOther)
            #expect(try await editor.post("/admin/media/\(id)/focal-point", ["focal_x": "٤٥٫٥", "focal_y": "30"]).status == .seeOther)
            let described = try await Self.asset(app, titled: "Eileen Collins")
            #expect(described.alt["ar"] == "رائدة فضاء ببدلتها" && described.tags == ["portrait", "team"] && abs(described.focalX - 0.455) < 0.0001)
            // Case does not matter, on either engine, in the title or the tags.
            #expect(try await editor.get("/admin/media?q=EILEEN").text.contains("Eileen Collins"))
            #expect(try await editor.get("/admin/media?tag=Portrait").text.contains("Eileen Collins"))

            let (coordinator, _) = try await TestAccounts.signedIn(app, role: .coordinator, secondFactor: true)
            #expect(try await coordinator.get("/admin/media/consents").status == .ok)
            let missing = try await coordinator.postMultipart("/admin/media/consents", try Self.consentForm(
                coordinator, ["subject": "person", "name": "Eileen Collins", "level": "public_with_face"]))
            #expect(missing.status == .unprocessableEntity && missing.text.contains("say where the signed consent is kept")
                    && missing.text.contains(##"href="#field-evidence_file""##))
            #expect(try await coordinator.postMultipart("/admin/media/consents", try Self.consentForm(coordinator, [
                "subject": "person", "name": "Eileen Collins", "level": "public_with_face", "evidence": "Paper file 2026/114", "expires": "2030-06-30",
            ])).status == .seeOther)
            let consent = try #require(try await ConsentRecord.query(on: app.db).first())
            #expect(consent.subjectName == "Eileen Collins" && consent.expiresAt != nil)
            #expect(try await editor.post("/admin/media/\(id)/people", ["consent[]": try consent.requireID().uuidString]).status == .seeOther)
            #expect(try await editor.post("/admin/media/\(id)/approve", [:]).status == .seeOther)
            try await MediaLibraryTests.work(app)
            let live = try await MediaRenditionRecord.query(on: app.db).filter(\.$assetID == photo.requireID()).all()
            #expect(!live.isEmpty && live.allSatisfy { !$0.covered && $0.withdrawnAt == nil })

            let withdrawn = try await coordinator.post("/admin/media/consents/\(try consent.requireID().uuidString.lowercased())/withdraw", [:])
            #expect(withdrawn.status == .seeOther)
            try await MediaLibraryTests.work(app)
            for rendition in live { #expect(try await MediaLibraryTests.status(app, rendition) == .gone) }
            #expect(try await coordinator.get("/admin/media/consents").text.contains("Withdrawn on"))
            #expect(try await editor.get("/admin/media/\(id)").text.contains("Not public: consent missing"))

            // A page uses the diagram: it stays; once nothing does, it goes.
            let usage = MediaUsageRecord()
            usage.assetID = try diagram.requireID()
            usage.userType = "page"
            usage.userID = "home"
            usage.label = "Home"
            try await usage.create(on: app.db)
            let diagramID = try diagram.requireID().uuidString.lowercased()
            let kept = try await editor.post("/admin/media/\(diagramID)/delete", [:])
            #expect(kept.status == .conflict && kept.text.contains("This image is used on a page."))
            try await usage.delete(on: app.db)
            #expect(try await editor.post("/admin/media/\(diagramID)/delete", [:]).status == .seeOther)
            #expect(try await MediaAssetRecord.find(diagram.requireID(), on: app.db) == nil)
            #expect(try await UploadRecord.find(diagram.uploadID, on: app.db) == nil)

            let actions = try await AuditTrail.latest(80, on: app.db).map(\.action)
            for action in ["media.create", "media.faces-edit", "media.describe", "media.approve", "consent.record", "consent.withdraw", "media.delete", "access.denied"] {
                #expect(actions.contains(action), "no \(action) in the audit trail")
            }
        }
    }

    @Test("every change needs the form's CSRF token")
    func csrf() async throws {
        try await withTestApp { app in
            let (editor, _) = try await TestAccounts.signedIn(app, role: .editor, secondFactor: true)
            try await editor.get("/admin/media/consents")
            let refused = try await editor.postMultipart("/admin/media/consents", try Self.consentForm(
                editor, ["subject": "person", "name": "X", "level": "anonymised"], csrf: "wrong",
                file: ("consent.pdf", Self.signedForm, "application/pdf")))
            #expect(refused.status == .forbidden)
            #expect(try await ConsentRecord.query(on: app.db).count() == 0)
            #expect(try await UploadRecord.query(on: app.db).count() == 0, "no byte of the file is stored")
        }
    }

    @Test("a coordinator records a patient's consent with the signed form: it joins the patient's record, opens only once clean, and every opening is audited",
          arguments: TestDatabase.allCases)
    func signedForm(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let (patient, patientUser) = try await TestAccounts.signedIn(app)
            let patientID = try patientUser.requireID()
            let (coordinator, _) = try await TestAccounts.signedIn(app, role: .coordinator, secondFactor: true)
            let page = try await coordinator.get("/admin/media/consents")
            #expect(page.text.contains(#"enctype="multipart/form-data""#) && page.text.contains(#"name="evidence_file""#)
                    && page.text.contains(#"name="locale-ar""#))

            // A form of the wrong kind is refused, and nothing of it is kept.
            let dicom = try await coordinator.postMultipart("/admin/media/consents", try Self.consentForm(
                coordinator, ["subject": "account", "email": patientUser.email, "level": "anonymised"],
                file: ("consent.dcm", Array(repeating: 0, count: 128) + Array("DICM".utf8) + Array(repeating: 0, count: 64), "application/dicom")))
            #expect(dicom.status == .unprocessableEntity)
            #expect(try await ConsentRecord.query(on: app.db).count() == 0)
            #expect(try await UploadRecord.query(on: app.db).count() == 0)

            let recorded = try await coordinator.postMultipart("/admin/media/consents", try Self.consentForm(
                coordinator, ["subject": "account", "email": patientUser.email, "level": "anonymised", "locale-ar": "on", "locale-fa": "on"],
                file: ("signed consent.pdf", Self.signedForm, "application/pdf")))
            #expect(recorded.status == .seeOther)
            let consent = try #require(try await ConsentRecord.query(on: app.db).first())
            #expect(consent.subjectUserID == patientID && Set(consent.locales) == [.ar, .fa])
            let upload = try #require(try await UploadRecord.find(try #require(consent.evidenceUploadID), on: app.db))
            #expect(upload.attachedType == MediaLibrary.consentAttachment && upload.attachedID == consent.id?.uuidString.lowercased()
                    && upload.ownerID == patientID && upload.state == .quarantined)

            let id = try consent.requireID().uuidString.lowercased()
            #expect(try await coordinator.get("/admin/media/consents").text.contains("signed consent.pdf"))
            let early = try await coordinator.get("/admin/media/consents/\(id)/evidence")
            #expect(early.status == .seeOther && early.location == "/admin/media/consents", "nothing unscanned is served")

            try await MediaLibraryTests.work(app)
            let listed = try await coordinator.get("/admin/media/consents")
            #expect(listed.text.contains("Open the signed form") && listed.text.contains("/admin/media/consents/\(id)/evidence"))
            let open = try await coordinator.get("/admin/media/consents/\(id)/evidence")
            let link = try #require(open.location)
            #expect(open.status == .seeOther && link.hasPrefix("/media/uploads/"))
            let download = try await app.testing().sendRequest(.GET, link)
            #expect(download.status == .ok && Array(download.body.readableBytesView) == Self.signedForm)
            let opened = try #require(try await AuditTrail.latest(5, on: app.db).first { $0.action == "consent.evidence.open" })
            #expect(opened.subject == AuditSubject.patient(patientID).value && opened.resourceID == id)

            // The patient finds their signed form among their own files; nobody without the library's access opens it.
            #expect(try await patient.get("/en/account/files").text.contains("signed consent.pdf"))
            #expect(try await patient.get("/admin/media/consents/\(id)/evidence").status == .forbidden)
            let (plainCoordinator, _) = try await TestAccounts.signedIn(app, role: .coordinator)
            #expect(try await plainCoordinator.get("/admin/media/consents/\(id)/evidence").status == .forbidden, "a second factor first")
            #expect(try await coordinator.get("/admin/media/consents/\(UUID().uuidString.lowercased())/evidence").status == .notFound)
        }
    }
}
