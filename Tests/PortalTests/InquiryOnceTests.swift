@testable import Accounts
@testable import App
import Audit
import Core
import FluentKit
import Foundation
import Jobs
import Mail
@testable import Media
@testable import Portal
import Testing
import TestSupport
import Vapor
import VaporTesting
@testable import Web

/// What must happen exactly once (a submission, the mail's link) under really concurrent
/// requests, and the paths the walk does not take: files sent ahead by the script, a patient
/// already signed in, an address that already has an account.
@Suite("Inquiries, exactly once")
struct InquiryOnceTests {
    @Test("twenty presses of one form at the same moment store one inquiry, file its uploads once and queue one mail",
          arguments: TestDatabase.allCases)
    func twentyAtOnce(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let browser = TestBrowser(app)
            try await browser.get("/en/inquiry")
            let cookie = try #require(browser.session.map { "\(browser.cookieName)=\($0)" })
            let body = InquiryForms.body(csrf: browser.csrfToken, token: InquiryForms.token(app), version: app.inquiries.notice.version,
                                         InquiryForms.answers(email: "once@example.com")).finished()
            let statuses = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        let headers: HTTPHeaders = ["Cookie": cookie, "Content-Type": body.contentType]
                        return try await app.testing().sendRequest(.POST, "/en/inquiry", headers: headers, body: ByteBuffer(bytes: body.bytes)).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == .seeOther }, "every press is answered as the first: \(statuses)")
            #expect(try await InquiryRecord.query(on: app.db).count() == 1)
            #expect(try await JobRecord.query(on: app.db).filter(\.$kind == SendMailJob.kind).count() == 1)
            #expect(try await AuditTrail.latest(50, on: app.db).filter { $0.action == "inquiry.create" }.count == 1)
        }
    }

    @Test("files the script sent ahead under the form's token are filed with the inquiry; a signed-in patient's inquiry is theirs at once, and their mail has no account link",
          arguments: TestDatabase.allCases)
    func scriptAndSignedIn(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let (browser, patient) = try await TestAccounts.signedIn(app, locale: .fa)
            try await browser.get("/fa/inquiry")
            let token = InquiryForms.token(app)
            var upload = MultipartBody()
            upload.field("csrf_token", browser.csrfToken ?? "")
            upload.file("files", filename: "xray.png", TestFiles.png(width: 800, height: 1600))
            let ahead = try await browser.postMultipart("/fa/uploads", upload, headers: [("X-Form-Token", token)])
            #expect(ahead.status == .ok)
            let sent = try await browser.postMultipart("/fa/inquiry", InquiryForms.body(
                csrf: browser.csrfToken, token: token, version: app.inquiries.notice.version, InquiryForms.answers(email: patient.email, ["language": "fa"])))
            #expect(sent.status == .seeOther)
            let inquiry = try #require(try await InquiryRecord.query(on: app.db).first())
            #expect(inquiry.patientID == patient.id && inquiry.claimTokenHash == nil)
            let file = try #require(try await UploadRecord.query(on: app.db).first())
            #expect(file.attachedID == inquiry.id?.uuidString.lowercased() && file.ownerID == patient.id)
            let job = try #require(try await JobRecord.query(on: app.db).filter(\.$kind == SendMailJob.kind).first())
            #expect(job.payload.contains(InquiryMail.receivedSignedIn.name))
            let list = try await browser.get("/fa/account/inquiries")
            #expect(list.text.contains(inquiry.reference))
        }
    }

    @Test("the mail's link to an address that already has an account adds the inquiry to that account, once, whoever presses first",
          arguments: TestDatabase.allCases)
    func existingAccount(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let (_, patient) = try await TestAccounts.signedIn(app)
            let claim = "claim-\(UUID().uuidString)"
            let form = InquiryForms.form(email: patient.email)
            let inquiries = app.inquiries
            let submission = try await inquiries.submit(form, key: .api(claim), consentVersion: inquiries.notice.version, locale: .en,
                                                        shownAt: nil, network: "192.0.2.1", by: .anonymous, origin: .none, on: app.db)
            // The token only the mail carries: reissue a known one for the test.
            let token = SecureToken.generate()
            submission.inquiry.claimTokenHash = SecureToken.hash(token)
            try await submission.inquiry.save(on: app.db)
            let link = try #require(try await inquiries.checkClaim(token, on: app.db))
            #expect(link.hasAccount && link.reference == submission.inquiry.reference)
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<8 {
                    group.addTask { (try? await inquiries.claim(token, password: "", origin: .none, on: app.db)) != nil }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 1, "one press wins: \(outcomes)")
            #expect(try await InquiryRecord.find(submission.inquiry.id, on: app.db)?.patientID == patient.id)
            #expect(try await inquiries.checkClaim(token, on: app.db) == nil)
        }
    }
}
