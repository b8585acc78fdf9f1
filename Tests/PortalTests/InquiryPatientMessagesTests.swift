@testable import Accounts
@testable import App
import Audit
import Core
import FluentKit
import Foundation
@testable import Media
@testable import Portal
import SQLKit
import Testing
import TestSupport
import Vapor
import VaporTesting
@testable import Web

/// The patient writing back in their inquiry's thread and adding files to it, over HTTP: what
/// the clinic then sees, what is refused and to whom, and a double press stored once.
@Suite("Inquiries, the patient writes back")
struct InquiryPatientMessagesTests {
    /// A signed-in patient's inquiry (theirs at once), its id, and the patient.
    static func inquiry(_ app: Application, locale: SiteLocale = .ar) async throws -> (TestBrowser, UserRecord, String) {
        let (browser, patient) = try await TestAccounts.signedIn(app, locale: locale)
        let sent = try await InquiryForms.send(browser, locale: locale.rawValue, token: InquiryForms.token(app),
                                               InquiryForms.answers(email: patient.email))
        #expect(sent.status == .seeOther)
        let record = try #require(try await InquiryRecord.query(on: app.db).filter(\.$patientID == patient.requireID()).first())
        return (browser, patient, try record.requireID().uuidString.lowercased())
    }

    /// The page's write form as the browser would send it.
    static func message(_ page: TestingHTTPResponse, _ body: String, files: [(String, [UInt8])] = []) -> MultipartBody {
        var form = MultipartBody()
        form.field("csrf_token", InquiryForms.hidden("csrf_token", in: page.text) ?? "")
        form.field("form_token", InquiryForms.hidden("form_token", in: page.text) ?? "")
        form.field("body", body)
        for (name, bytes) in files { form.file("files", filename: name, bytes) }
        return form
    }

    @Test("the patient writes with an X-ray from their inquiry's page; the coordinator sees both with a preview, the queue says so, and a reply prepared before meets who wrote",
          arguments: TestDatabase.allCases)
    func writesBack(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let (patient, user, id) = try await Self.inquiry(app)
            let (coordinator, _) = try await TriageTests.coordinator(app, regions: ["SA"])
            let before = try await coordinator.get("/admin/inquiries/\(id)")
            let page = try await patient.get("/ar/account/inquiries/\(id)")
            #expect(page.status == .ok && page.text.contains(#"action="/ar/account/inquiries/\#(id)/messages""#))
            let text = "أرسلت صورة الأشعة الكاملة للساقين من الأسبوع الماضي."
            let sent = try await patient.postMultipart("/ar/account/inquiries/\(id)/messages",
                                                       Self.message(page, text, files: [("legs.png", TestFiles.png(width: 600, height: 1200))]))
            #expect(sent.status == .seeOther && sent.location == "/ar/account/inquiries/\(id)#inquiry-replies")

            let message = try #require(try await MessageRecord.query(on: app.db).filter(\.$kind == .patient).first())
            #expect(message.authorID == user.id && message.language == "ar" && !message.bodySealed.contains("الأشعة"), "sealed at rest")
            let file = try #require(try await UploadRecord.query(on: app.db).first())
            #expect(file.attachedType == "inquiry" && file.attachedID == id && file.ownerID == user.id)
            let record = try #require(try await InquiryRecord.find(UUID(uuidString: id), on: app.db))
            #expect(record.lastAction == "patient" && record.lastActorID == user.id)
            let written = try #require(try await AuditTrail.latest(30, on: app.db).first { $0.action == "inquiry.patient" })
            #expect(written.subject == "patient:\(try user.requireID().uuidString.lowercased())")

            let read = try await patient.get("/ar/account/inquiries/\(id)")
            #expect(read.text.contains(text) && read.text.contains("legs.png"))
            try await Inbox.deliver(app)  // the scan
            let staff = try await coordinator.get("/admin/inquiries/\(id)")
            #expect(staff.text.contains(text) && staff.text.contains("legs.png"))
            #expect(staff.text.contains(#"alt="Preview of legs.png""#) && staff.text.contains("sig="), "a clean image comes with a signed preview")
            let preview = try #require(try await AuditTrail.latest(30, on: app.db).first { $0.action == "upload.preview" })
            #expect(preview.detail.contains(try file.requireID().uuidString.lowercased()), "which files were shown is on record")
            let queue = try await coordinator.get("/admin/inquiries")
            #expect(queue.text.contains("New message from the patient"))

            let late = try await coordinator.post("/admin/inquiries/\(id)/reply", ["body": "شكرًا.", "version": TriageTests.version(in: before.text) ?? ""])
            #expect(late.status == .conflict && late.text.contains(user.firstName) && late.text.contains("wrote to the clinic"))
        }
    }

    @Test("twenty presses of one message form at the same moment store one message and file its X-ray once", arguments: TestDatabase.allCases)
    func twentyAtOnce(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let (patient, _, id) = try await Self.inquiry(app)
            let page = try await patient.get("/ar/account/inquiries/\(id)")
            let body = Self.message(page, "Once only, please.").finished()
            let cookie = try #require(patient.session.map { "\(patient.cookieName)=\($0)" })
            let statuses = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        let headers: HTTPHeaders = ["Cookie": cookie, "Content-Type": body.contentType]
                        return try await app.testing().sendRequest(.POST, "/ar/account/inquiries/\(id)/messages", headers: headers,
                                                                   body: ByteBuffer(bytes: body.bytes)).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == .seeOther }, "every press is answered as the first: \(statuses)")
            #expect(try await MessageRecord.query(on: app.db).filter(\.$kind == .patient).count() == 1)
            #expect(try await AuditTrail.latest(80, on: app.db).filter { $0.action == "inquiry.patient" }.count == 1)

            // Files alone, sent twice: filed once, and the second press is not an error.
            let again = try await patient.get("/ar/account/inquiries/\(id)")
            let files = Self.message(again, "", files: [("knee.png", TestFiles.png(width: 400, height: 400))])
            #expect(try await patient.postMultipart("/ar/account/inquiries/\(id)/messages", files).status == .seeOther)
            let second = try await patient.postMultipart("/ar/account/inquiries/\(id)/messages", Self.message(again, ""))
            #expect(second.status == .seeOther)
            #expect(try await UploadRecord.query(on: app.db).filter(\.$attachedID == id).count() == 1)
        }
    }

    @Test("an empty post is refused in the patient's language with the files already sent kept; a closed inquiry takes nothing; nobody else may write as the patient, and each refusal is audited",
          arguments: TestDatabase.allCases)
    func refusals(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let (patient, user, id) = try await Self.inquiry(app)
            let t = Localizer(locale: .ar, translations: app.webContext.translations)
            let fresh = try await patient.get("/ar/account/inquiries/\(id)")
            let nothing = try await patient.postMultipart("/ar/account/inquiries/\(id)/messages", Self.message(fresh, "  \n "))
            #expect(nothing.status == .unprocessableEntity && nothing.text.contains(t.t("Write a message or choose a file to send.")))

            let page = try await patient.get("/ar/account/inquiries/\(id)")
            var ahead = MultipartBody()
            ahead.field("csrf_token", patient.csrfToken ?? "")
            ahead.file("files", filename: "report.pdf", Array("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".utf8))
            let formToken = try #require(InquiryForms.hidden("form_token", in: page.text))
            #expect(try await patient.postMultipart("/ar/uploads", ahead, headers: [("X-Form-Token", formToken)]).status == .ok)
            let typed = String(repeating: "س", count: 10_001)
            let tooLong = try await patient.postMultipart("/ar/account/inquiries/\(id)/messages", Self.message(page, typed))
            #expect(tooLong.status == .unprocessableEntity && tooLong.text.contains(t.t("Write a message of at most 10,000 characters.")))
            #expect(tooLong.text.contains("report.pdf") && tooLong.text.contains(typed), "the file sent ahead and what was typed are kept")
            #expect(try await MessageRecord.query(on: app.db).count() == 0)
            #expect(try await UploadRecord.query(on: app.db).filter(\.$attachedID == id).count() == 0)

            // Another patient, with a form token of their own, and a surgeon through the domain.
            let (stranger, other) = try await TestAccounts.signedIn(app)
            try await stranger.get("/ar/inquiry")  // a page with a form, for the CSRF token
            var theirs = MultipartBody()
            theirs.field("csrf_token", stranger.csrfToken ?? "")
            theirs.field("form_token", InquiryForms.token(app))
            theirs.field("body", "Hello")
            let strangers = try await stranger.postMultipart("/ar/account/inquiries/\(id)/messages", theirs)
            #expect(strangers.status == .notFound)
            let surgeon = try await TestAccounts.signedIn(app, role: .surgeon, secondFactor: true).1
            await #expect(throws: AccessDenied.self) {
                try await app.inquiries.write("As the patient", formKey: "staff-form", to: try #require(UUID(uuidString: id)),
                                              by: .user(id: try surgeon.requireID(), role: .surgeon, secondFactor: true), origin: .none, on: app.db)
            }
            let denials = try await AuditTrail.latest(40, on: app.db).filter { $0.action == "access.denied" && $0.detail.contains("not-the-patient") }
            #expect(Set(denials.compactMap(\.actorID)) == Set([other.id, surgeon.id].compactMap { $0?.uuidString.lowercased() }))
            #expect(try await MessageRecord.query(on: app.db).count() == 0)

            let (coordinator, _) = try await TriageTests.coordinator(app, regions: ["SA"])
            let staffPage = try await coordinator.get("/admin/inquiries/\(id)")
            #expect(try await coordinator.post("/admin/inquiries/\(id)/status", ["to": "close", "version": TriageTests.version(in: staffPage.text) ?? ""]).status == .seeOther)
            let closed = try await patient.get("/ar/account/inquiries/\(id)")
            #expect(!closed.text.contains("/messages\""), "a closed inquiry offers no form")
            let late = try await patient.postMultipart("/ar/account/inquiries/\(id)/messages", Self.message(fresh, "One more thing"))
            #expect(late.status == .unprocessableEntity && late.text.contains(t.t("This inquiry is closed. To ask something new, send a new inquiry.")))
            #expect(try await MessageRecord.query(on: app.db).filter(\.$kind == .patient).count() == 0)
            #expect(try await InquiryRecord.find(UUID(uuidString: id), on: app.db)?.patientID == user.id)
        }
    }
}
