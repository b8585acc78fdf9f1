@testable import Accounts
@testable import App
import Audit
import Core
import FluentKit
import Foundation
import Jobs
@testable import Media
import SQLKit
import Testing
import TestSupport
import Vapor
import VaporTesting
@testable import Web

/// The upload faces: a patient's files page with and without JavaScript, the component's JSON
/// endpoint and its passive polling, visitors bound to a form token, and the CSRF check that
/// comes before any byte is spooled.
@Suite("Uploading through the web")
struct UploadRoutesTests {
    static let photo = UploadInspectionTests.png(width: 1200, height: 900)

    static func form(csrf: String?, _ files: [(String, [UInt8])], extra: [(String, String)] = []) -> MultipartBody {
        var body = MultipartBody()
        if let csrf { body.field("csrf_token", csrf) }
        for (name, value) in extra { body.field(name, value) }
        for (name, bytes) in files { body.file("files", filename: name, bytes) }
        return body
    }

    /// `text` as the page shows it, escaped.
    static func html(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "'", with: "&#39;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// What is left in the app's spool folder.
    static func spooled(_ app: Application) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: app.uploads.spoolFolder)) ?? []
    }

    static func json(_ response: TestingHTTPResponse) throws -> UploadRoutes.Answer {
        try JSONDecoder().decode(UploadRoutes.Answer.self, from: Data(response.body.readableBytesView))
    }

    @Test("without JavaScript a patient sends several files in one form: the good one is kept, the others refused in their language, and the clean one opens through a short signed link",
          arguments: TestDatabase.allCases)
    func plainForm(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let (browser, patient) = try await TestAccounts.signedIn(app, locale: .ar)
            let page = try await browser.get("/ar/account/files")
            #expect(page.status == .ok && page.text.contains(#"enctype="multipart/form-data""#) && page.text.contains(#"type="file""#))
            let sent = try await browser.postMultipart("/ar/account/files", Self.form(csrf: browser.csrfToken, [
                ("صورة الساق.png", Self.photo), ("report.pdf", Self.photo), ("empty.jpg", []),
            ]))
            #expect(sent.status == .unprocessableEntity)
            let t = Localizer(locale: .ar, translations: app.webContext.translations)
            #expect(sent.text.contains(Self.html(t.t(UploadRefusal.empty.message))))
            #expect(sent.text.contains(Self.html(t.t(UploadRefusal.extensionMismatch(.png).message))))
            #expect(sent.text.contains("report.pdf") && sent.text.contains("صورة الساق.png"))
            let records = try await UploadRecord.query(on: app.db).all()
            #expect(records.count == 1 && records.first?.ownerID == patient.id && records.first?.state == .quarantined)
            let record = try #require(records.first)
            #expect(Self.spooled(app).isEmpty, "spooled copies are removed")

            let opening = try record.requireID().uuidString.lowercased()
            #expect(try await browser.get("/ar/account/files/\(opening)").status == .notFound, "nothing in quarantine is served")
            try await UploadPipelineTests.work(app)
            let listed = try await browser.get("/ar/account/files")
            #expect(listed.text.contains(t.t("Received")) && listed.text.contains("/ar/account/files/\(opening)"))
            let open = try await browser.get("/ar/account/files/\(opening)")
            let link = try #require(open.location)
            #expect(open.status == .seeOther && link.hasPrefix("/media/uploads/"))
            let download = try await app.testing().sendRequest(.GET, link)
            #expect(download.status == .ok && Array(download.body.readableBytesView) == Self.photo)
            let actions = try await AuditTrail.latest(4, on: app.db).map(\.action)
            #expect(actions.prefix(2) == ["upload.open", "access.allowed"])

            let stranger = try await TestAccounts.signedIn(app).0
            #expect(try await stranger.get("/en/account/files/\(opening)").status == .forbidden, "another patient is refused")
        }
    }

    @Test("a post without the session's CSRF token, or with the token after the file, stores and spools nothing", arguments: TestDatabase.allCases)
    func csrfFirst(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let (browser, _) = try await TestAccounts.signedIn(app)
            try await browser.get("/en/account/files")
            #expect(try await browser.postMultipart("/en/account/files", Self.form(csrf: nil, [("knee.png", Self.photo)])).status == .forbidden)
            #expect(try await browser.postMultipart("/en/account/files", Self.form(csrf: "forged", [("knee.png", Self.photo)])).status == .forbidden)
            var late = MultipartBody()
            late.file("files", filename: "knee.png", Self.photo)
            late.field("csrf_token", try #require(browser.csrfToken))
            #expect(try await browser.postMultipart("/en/account/files", late).status == .forbidden)
            #expect(try await browser.postMultipart("/en/uploads", Self.form(csrf: nil, [("knee.png", Self.photo)])).status == .forbidden)
            #expect(try await UploadRecord.query(on: app.db).count() == 0)
            #expect(Self.spooled(app).isEmpty)
        }
    }

    @Test("the component's endpoint answers JSON in the page's language, and its state polling reaches only the sender and keeps no session alive",
          arguments: TestDatabase.allCases)
    func endpointAndPolling(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let (browser, patient) = try await TestAccounts.signedIn(app)
            try await browser.get("/fa/account/files")
            let token = try #require(browser.csrfToken)
            let sent = try await browser.postMultipart("/fa/uploads", Self.form(csrf: nil, [("x-ray.png", Self.photo), ("notes.exe", [0x4D, 0x5A, 0x90])]),
                                                       headers: [("X-CSRF-Token", token), ("Accept", "application/json")])
            #expect(sent.status == .ok && sent.headers.first(name: .contentType)?.hasPrefix("application/json") == true)
            let answer = try Self.json(sent)
            let upload = try #require(answer.uploads.first)
            let t = Localizer(locale: .fa, translations: app.webContext.translations)
            #expect(upload.state == "quarantined" && !upload.settled && upload.label == t.t("Being checked for viruses"))
            #expect(answer.refused.map(\.name) == ["notes.exe"] && answer.refused.first?.message == t.t(UploadRefusal.unrecognised.message))

            // Both of the session's clocks a minute and more past their last refresh.
            let sql = try #require(app.db as? any SQLDatabase)
            let past = Date().addingTimeInterval(-600)
            let webDeadline = Date().addingTimeInterval(3600)
            try await sql.raw("UPDATE account_sessions SET last_seen_at = \(bind: past), idle_expires_at = \(bind: Date().addingTimeInterval(1200)) WHERE user_id = \(bind: patient.requireID())").run()
            try await sql.raw("UPDATE sessions SET expires_at = \(bind: webDeadline)").run()
            let polled = try await browser.get(upload.stateURL, headers: [("Accept", "application/json")])
            #expect(polled.status == .ok && polled.headers[.setCookie].isEmpty)
            let session = try #require(try await AccountSessionRecord.query(on: app.db).filter(\.$userID == patient.requireID()).first())
            #expect(abs(session.lastSeenAt.timeIntervalSince(past)) < 1, "polling is not activity")
            let stored = try await sql.raw("SELECT expires_at FROM sessions").all(decoding: ExpiresRow.self)
            #expect(stored.allSatisfy { abs($0.expires_at.timeIntervalSince(webDeadline)) < 1 })
            try await browser.get("/fa/account/files")
            let touched = try #require(try await AccountSessionRecord.query(on: app.db).filter(\.$userID == patient.requireID()).first())
            #expect(touched.lastSeenAt > past.addingTimeInterval(300), "opening a page is")

            try await UploadPipelineTests.work(app)
            let settled = try JSONDecoder().decode(UploadRoutes.UploadState.self,
                                                   from: Data(try await browser.get(upload.stateURL, headers: []).body.readableBytesView))
            #expect(settled.state == "clean" && settled.settled)
            let other = try await TestAccounts.signedIn(app).0
            #expect(try await other.get(upload.stateURL, headers: []).status == .notFound)
            #expect(try await TestBrowser(app).get(upload.stateURL, headers: []).status == .notFound)
        }
    }

    struct ExpiresRow: Decodable { var expires_at: Date }

    @Test("a visitor uploads only into the form whose token they hold, within the form's and the network's quotas", arguments: TestDatabase.allCases)
    func visitorQuota(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            var limits = UploadLimits()
            limits.bytesPerForm = Int64(Self.photo.count * 2)
            limits.bytesPerNetworkPerDay = Int64(Self.photo.count * 3)
            app.uploads = Uploads(storage: app.uploads.storage, limits: limits, audit: app.auditTrail, clamd: app.uploads.clamd, keyring: app.webContext.configuration.secretKeys,
                                  spoolFolder: app.uploads.spoolFolder)
            let visitor = TestBrowser(app)
            try await visitor.get("/en/account/sign-in")
            let csrf = try #require(visitor.csrfToken)
            let tokens = FormToken(keyring: app.webContext.configuration.secretKeys)
            let form = tokens.issue()
            func send(_ token: String?) async throws -> TestingHTTPResponse {
                try await visitor.postMultipart("/en/uploads", Self.form(csrf: csrf, [("knee.png", Self.photo)], extra: token.map { [("form_token", $0)] } ?? []))
            }
            #expect(try await send(nil).status == .forbidden)
            #expect(try await send(form + "x").status == .forbidden)
            #expect(try await send(tokens.issue(now: Date().addingTimeInterval(-FormToken.lifetime - 1))).status == .forbidden, "expired")
            #expect(try await send(form).status == .ok)
            let first = try #require(try await UploadRecord.query(on: app.db).first())
            #expect(first.ownerID == nil && first.formKey == tokens.formKey(of: form))
            #expect(try await send(form).status == .ok)
            let over = try await send(form)
            let overAnswer = try Self.json(over)
            #expect(over.status == .unprocessableEntity && overAnswer.refused.first?.message == UploadRefusal.quotaExceeded.message)
            #expect(try await send(tokens.issue()).status == .ok, "a new form, the network's third")
            #expect(try await send(tokens.issue()).status == .unprocessableEntity, "the network's day is full")

            let state = "/en/uploads/\(try first.requireID().uuidString.lowercased())"
            #expect(try await visitor.get(state, headers: [("X-Form-Token", form)]).status == .ok)
            #expect(try await visitor.get(state, headers: [("X-Form-Token", tokens.issue())]).status == .notFound)
        }
    }

    @Test("visitors racing one form's quota on PostgreSQL: exactly as many files as fit are kept")
    func quotaRace() async throws {
        try await withTestApp(only: .postgres, because: "SQLite serialises writes, so only PostgreSQL can show a race") { app in
            var limits = UploadLimits()
            limits.bytesPerForm = Int64(Self.photo.count * 3)
            app.uploads = Uploads(storage: app.uploads.storage, limits: limits, audit: app.auditTrail, clamd: app.uploads.clamd, keyring: app.webContext.configuration.secretKeys,
                                  spoolFolder: app.uploads.spoolFolder)
            let formKey = "race-\(UUID().uuidString)"
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        do {
                            _ = try await UploadPipelineTests.receive(app, Self.photo, as: "knee.png", by: .visitor(formKey: formKey))
                            return true
                        } catch UploadRefusal.quotaExceeded {
                            return false
                        }
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 3)
            #expect(try await UploadRecord.query(on: app.db).filter(\.$formKey == formKey).count() == 3)
        }
    }
}
