@testable import Accounts
@testable import App
import Audit
import Content
import Core
import FluentKit
import Foundation
import Jobs
import Mail
@testable import Media
@testable import Portal
import SQLKit
import Testing
import TestSupport
import Vapor
import VaporTesting
@testable import Web

/// The inquiry as a visitor sends it from the website: without JavaScript, with a file, exactly
/// once, sealed at rest, and the confirmation mail's link that turns it into an account.
@Suite("The inquiry form")
struct InquiryFormTests {
    static let xray = TestFiles.png(width: 1200, height: 2400)

    @Test("a visitor sends an inquiry with an X-ray without JavaScript; it is stored sealed with its file, and the mail's link opens an account that reads it",
          arguments: TestDatabase.allCases)
    func walk(database: TestDatabase) async throws {
        try await withTestApp(database, adjust: Inbox.useSMTP) { app in
            let email = TestSMTPServer.recipient("inquiry-")
            let browser = TestBrowser(app)
            let form = try await browser.get("/ar/inquiry")
            #expect(form.status == .ok && form.headers.first(name: .cacheControl) == "no-store")
            #expect(form.text.contains(#"enctype="multipart/form-data""#) && form.text.contains(#"name="form_token""#))
            #expect(form.text.contains(app.inquiries.notice.text(in: .ar).paragraphs[0]), "the notice agreed to is on the page")
            let sent = try await InquiryForms.send(browser, token: InquiryForms.token(app), InquiryForms.answers(email: email),
                                                   files: [("ساق.png", Self.xray)])
            #expect(sent.status == .seeOther && sent.location == "/ar/inquiry/sent")
            let thanks = try await browser.get("/ar/inquiry/sent")
            let inquiry = try #require(try await InquiryRecord.query(on: app.db).first())
            #expect(thanks.text.contains(inquiry.reference))
            #expect(try await InquiryRecord.query(on: app.db).count() == 1)
            #expect(inquiry.region == "SA" && inquiry.language == "ar" && inquiry.age == 24 && inquiry.method == .internalNail
                    && inquiry.whatsapp && inquiry.timeZone == "Asia/Riyadh" && inquiry.status == .new && inquiry.patientID == nil)
            #expect(inquiry.consentVersion == app.inquiries.notice.version && inquiry.consentSHA256 == app.inquiries.notice.text(in: .ar).sha256)

            // Nothing the patient wrote is readable in the row.
            let sql = try #require(app.db as? any SQLDatabase)
            let row = try #require(try await sql.raw("SELECT * FROM inquiries").first())
            for column in ["name_sealed", "email_sealed", "phone_sealed", "height_goal_sealed", "message_sealed"] {
                let stored = try row.decode(column: column, as: String.self)
                #expect(!stored.contains("Amira") && !stored.contains("femur") && !stored.contains("158") && !stored.contains("@")
                        && !stored.contains("1234567"), "\(column) is sealed")
            }
            let details = try app.inquiries.details(of: inquiry)
            #expect(details.phone == "+966501234567" && details.name == "Amira Al-Harbi" && details.email == email)

            let upload = try #require(try await UploadRecord.query(on: app.db).first())
            #expect(upload.attachedType == "inquiry" && upload.attachedID == inquiry.id?.uuidString.lowercased() && upload.ownerID == nil)
            let created = try #require(try await AuditTrail.latest(5, on: app.db).first { $0.action == "inquiry.create" })
            #expect(created.resourceID == inquiry.id?.uuidString.lowercased() && created.detail.contains(#""files":1"#))

            try await Inbox.deliver(app)
            let mail = try #require(try Inbox.messages(to: email).first)
            let t = Localizer(locale: .ar, translations: app.webContext.translations)
            #expect(mail.subject == t.t("We have received your inquiry {reference}", ["reference": inquiry.reference]))
            #expect(!mail.text.contains("femur") && !mail.text.contains("158") && !mail.text.contains("Al-Harbi"), "the mail says nothing medical")
            let link = try Inbox.link(in: mail.text, containing: "/ar/inquiry/account")

            let claimer = TestBrowser(app)
            let offer = try await claimer.get(link)
            #expect(offer.status == .ok && offer.text.contains(#"name="password""#) && offer.text.contains(email))
            let token = try #require(link.split(separator: "=").last.map(String.init))
            let made = try await claimer.post("/ar/inquiry/account", ["token": token, "password": TestAccounts.password])
            #expect(made.status == .seeOther && made.location?.hasPrefix("/ar/account/sign-in") == true)
            #expect(try await claimer.get(link).status == .gone, "the link works once")
            let patient = try #require(try await app.accounts.user(withEmail: email, on: app.db))
            #expect(patient.accountRole == .patient && patient.emailVerifiedAt != nil && patient.locale == "ar" && patient.timeZone == "Asia/Riyadh")
            #expect(try await InquiryRecord.find(inquiry.id, on: app.db)?.patientID == patient.id)
            #expect(try await UploadRecord.find(upload.id, on: app.db)?.ownerID == patient.id, "the X-ray joins the patient's files")

            try await claimer.get("/ar/account/sign-in")
            #expect(try await claimer.post("/ar/account/sign-in", ["email": email, "password": TestAccounts.password]).status == .seeOther)
            let list = try await claimer.get("/ar/account/inquiries")
            #expect(list.status == .ok && list.text.contains(inquiry.reference))
            let opened = try await claimer.get("/ar/account/inquiries/\(try inquiry.requireID().uuidString.lowercased())")
            #expect(opened.status == .ok && opened.text.contains("femur") && opened.text.contains("ساق.png"))
            let read = try #require(try await AuditTrail.latest(3, on: app.db).first { $0.action == "access.allowed" })
            let patientSubject = AuditSubject.patient(try patient.requireID()).value
            #expect(read.resourceType == "inquiry" && read.subject == patientSubject)

            let stranger = try await TestAccounts.signedIn(app).0
            #expect(try await stranger.get("/en/account/inquiries/\(try inquiry.requireID().uuidString.lowercased())").status == .notFound)
        }
    }

    @Test("an inquiry with mistakes comes back with every answer kept, each problem listed and linked, and the file already sent kept for the corrected one",
          arguments: TestDatabase.allCases)
    func mistakesKeepEverything(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            // A site with one section, which the header of the form sent back must still link to.
            let editor = AccessActor.user(id: try await TestAccounts.account(app, role: .editor, secondFactor: false).0.requireID(),
                                          role: .editor, secondFactor: true)
            let origin = AuditOrigin(clientIP: "198.51.100.20")
            let home = try await app.pages.create("HomePage", locale: .en, under: nil, slug: "", content: PageContent(title: "Hills Clinic"),
                                                  by: editor, origin: origin, on: app.db)
            try await app.pages.publish(home.requireID(), by: editor, origin: origin, on: app.db)
            let methods = try await app.pages.create("ProcedurePage", locale: .en, under: home.requireID(), slug: "methods",
                                                     content: PageContent(title: "Methods", fields: ["summary": "Three methods."]),
                                                     by: editor, origin: origin, on: app.db)
            try await app.pages.publish(methods.requireID(), by: editor, origin: origin, on: app.db)
            let browser = TestBrowser(app)
            let token = InquiryForms.token(app)
            let first = try await InquiryForms.send(browser, locale: "en", token: token,
                                                    InquiryForms.answers(email: "not-an-address", ["age": "15", "consent": ""]),
                                                    files: [("leg.png", Self.xray)])
            #expect(first.status == .unprocessableEntity)
            #expect(first.text.contains(#"href="/en/methods/""#), "the header keeps the site's sections")
            let t = Localizer(locale: .en, translations: app.webContext.translations)
            for (field, message) in [("email", "Enter an e-mail address like name@example.com."),
                                     ("is_minor", "The patient is under 18: tick this box and tell us who is filling in the form."),
                                     ("guardian_name", "Enter the name of the parent or guardian."),
                                     ("consent", "To send the inquiry, agree to the processing of the health information in it.")] {
                #expect(first.text.contains("href=\"#field-\(field)\""), "the summary links to \(field)")
                #expect(first.text.contains(UploadRoutesTestsHTML.escape(t.t(message))))
            }
            #expect(first.text.contains("I broke my left femur as a child") && first.text.contains(#"value="Amira Al-Harbi""#))
            #expect(first.text.contains("leg.png"), "the file already received is listed")
            #expect(InquiryForms.hidden("form_token", in: first.text) == token, "the same form instance")
            #expect(try await InquiryRecord.query(on: app.db).count() == 0)

            let fixed = try await browser.postMultipart("/en/inquiry", InquiryForms.body(
                csrf: browser.csrfToken, token: token, version: app.inquiries.notice.version,
                InquiryForms.answers(email: "amira@example.com", ["age": "15", "is_minor": "on", "guardian_name": "Noura Al-Harbi",
                                                                  "guardian_relationship": "mother"])))
            #expect(fixed.status == .seeOther)
            let inquiry = try #require(try await InquiryRecord.query(on: app.db).first())
            #expect(inquiry.isMinor && inquiry.guardianRelationship == .mother)
            #expect(try app.inquiries.details(of: inquiry).guardianName == "Noura Al-Harbi")
            #expect(try await UploadRecord.query(on: app.db).first()?.attachedID == inquiry.id?.uuidString.lowercased())
        }
    }

    @Test("pressing Send twice stores one inquiry and answers both the same; the same form sent with other answers is refused",
          arguments: TestDatabase.allCases)
    func doublePress(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let browser = TestBrowser(app)
            let token = InquiryForms.token(app)
            let answers = InquiryForms.answers(email: "twice@example.com")
            #expect(try await InquiryForms.send(browser, token: token, answers).status == .seeOther)
            #expect(try await InquiryForms.send(browser, token: token, answers).status == .seeOther)
            #expect(try await InquiryRecord.query(on: app.db).count() == 1)
            let other = try await InquiryForms.send(browser, token: token, InquiryForms.answers(email: "twice@example.com", ["age": "30"]))
            #expect(other.status == .conflict)
            #expect(try await InquiryRecord.query(on: app.db).count() == 1)
            #expect(try await JobRecord.query(on: app.db).filter(\.$kind == SendMailJob.kind).count() == 1, "one confirmation")
        }
    }

    @Test("a robot is told what a person would be and nothing is kept; sending seconds after the form opened is refused politely; a form open past its token's life is renewed with everything kept",
          arguments: TestDatabase.allCases)
    func spamAndTiming(database: TestDatabase) async throws {
        // A minute, so that a loaded machine cannot make the test's own "quick" send slow enough to pass.
        try await withTestApp(database, adjust: { $0.inquiryShortestFill = 60 }) { app in
            let browser = TestBrowser(app)
            let robot = try await InquiryForms.send(browser, token: InquiryForms.token(app),
                                                    InquiryForms.answers(email: "robot@example.com", ["website": "https://spam.example"]))
            #expect(robot.status == .seeOther && robot.location == "/ar/inquiry/sent")
            #expect(try await InquiryRecord.query(on: app.db).count() == 0)

            let t = Localizer(locale: .ar, translations: app.webContext.translations)
            let fast = try await InquiryForms.send(browser, token: InquiryForms.token(app, secondsAgo: 0), InquiryForms.answers(email: "fast@example.com"))
            #expect(fast.status == .unprocessableEntity && fast.text.contains(UploadRoutesTestsHTML.escape(t.t(InquiryError.tooFast.messageKey))))
            #expect(fast.text.contains("I broke my left femur"))
            #expect(try await InquiryRecord.query(on: app.db).count() == 0)

            let old = InquiryForms.token(app, secondsAgo: FormToken.lifetime + 60)
            let renewed = try await InquiryForms.send(browser, token: old, InquiryForms.answers(email: "slow@example.com"), files: [("leg.png", Self.xray)])
            #expect(renewed.status == .unprocessableEntity && renewed.text.contains("I broke my left femur") && renewed.text.contains("leg.png"))
            let fresh = try #require(InquiryForms.hidden("form_token", in: renewed.text))
            #expect(fresh != old)
            #expect(try await InquiryRecord.query(on: app.db).count() == 0)
        }
    }

    @Test("one network sends at most ten inquiries in a burst and one address five, each refused in the visitor's language with a wait",
          arguments: TestDatabase.allCases)
    func rateLimits(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let browser = TestBrowser(app)
            for attempt in 0..<5 {
                let sent = try await InquiryForms.send(browser, token: InquiryForms.token(app), InquiryForms.answers(email: "same@example.com", ["age": "\(20 + attempt)"]))
                #expect(sent.status == .seeOther)
            }
            let sixth = try await InquiryForms.send(browser, token: InquiryForms.token(app), InquiryForms.answers(email: "same@example.com"))
            #expect(sixth.status == .tooManyRequests && sixth.headers.first(name: .retryAfter) != nil)
            for attempt in 0..<5 {
                #expect(try await InquiryForms.send(browser, token: InquiryForms.token(app), InquiryForms.answers(email: "other\(attempt)@example.com")).status == .seeOther)
            }
            let eleventh = try await InquiryForms.send(browser, token: InquiryForms.token(app), InquiryForms.answers(email: "new@example.com"))
            #expect(eleventh.status == .tooManyRequests)
            #expect(try await InquiryRecord.query(on: app.db).count() == 10)
        }
    }
}

/// Text as the page writes it, escaped.
enum UploadRoutesTestsHTML {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "'", with: "&#39;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
