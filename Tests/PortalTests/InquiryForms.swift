@testable import App
import Core
import Foundation
import Media
import Portal
import TestSupport
import Vapor
import VaporTesting

/// Filling in the inquiry form as a visitor's browser would.
enum InquiryForms {
    /// Answers a person could give, with their own address.
    static func answers(email: String, _ changes: [String: String] = [:]) -> [(String, String)] {
        var fields: [String: String] = [
            "name": "Amira Al-Harbi", "email": email, "country": "SA", "phone": "050 123 4567", "whatsapp": "on",
            "language": "ar", "age": "٢٤", "height_goal": "158 cm, hoping for 6 cm", "method": "internal-nail",
            "message": "I broke my left femur as a child and it is 3 cm shorter.", "consent": "on", "time_zone": "Asia/Riyadh",
        ]
        for (name, value) in changes { fields[name] = value.isEmpty ? nil : value }
        return fields.sorted { $0.key < $1.key }
    }

    /// The same person's answers as the domain takes them (from the API, say).
    static func form(email: String) -> InquiryForm {
        var form = InquiryForm()
        form.name = "Amira Al-Harbi"
        form.email = email
        form.country = "SA"
        form.language = "ar"
        form.age = "24"
        form.consent = true
        return form
    }

    /// A token for a form shown `secondsAgo` ago: no test waits for the shortest time a person takes.
    static func token(_ app: Application, secondsAgo: TimeInterval = 10) -> String {
        FormToken(keyring: app.webContext.configuration.secretKeys).issue(now: Date().addingTimeInterval(-secondsAgo))
    }

    /// The multipart body of the form: its hidden fields first, as the page orders them, then the answers and files.
    static func body(csrf: String?, token: String, version: String, _ answers: [(String, String)],
                     files: [(String, [UInt8])] = []) -> MultipartBody {
        var body = MultipartBody()
        if let csrf { body.field("csrf_token", csrf) }
        body.field("form_token", token)
        body.field("consent_version", version)
        for (name, value) in answers { body.field(name, value) }
        for (name, bytes) in files { body.file("files", filename: name, bytes) }
        return body
    }

    /// Opens the form, then sends it.
    static func send(_ browser: TestBrowser, locale: String = "ar", token: String, _ answers: [(String, String)],
                     files: [(String, [UInt8])] = []) async throws -> TestingHTTPResponse {
        try await browser.get("/\(locale)/inquiry")
        return try await browser.postMultipart("/\(locale)/inquiry", body(csrf: browser.csrfToken, token: token,
                                                                           version: browser.app.inquiries.notice.version, answers, files: files))
    }

    /// The value of the hidden field `name` in a page.
    static func hidden(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: #"name="\#(name)" value=""#) else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }
}
