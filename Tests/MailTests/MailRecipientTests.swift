@testable import App
import Core
import FluentKit
import Foundation
import Jobs
@testable import Mail
import Testing
import TestSupport
import Vapor

/// A mail is never dropped in silence: awkward display names go out encoded, and what cannot be
/// delivered ends as a dead job with its reason.
@Suite("Recipients: display names, unusable addresses, permanent refusals")
struct MailRecipientTests {
    static func message(to name: String?) -> MailMessage {
        MailMessage(from: MailAddress(address: "noreply@hills.example", name: "Hills Clinic")!,
                    to: MailAddress(address: "sara@example.org", name: name)!, subject: "Hello", text: "Hi", html: "<p>Hi</p>",
                    messageID: "<n@hills.example>", date: Date(timeIntervalSince1970: 1_795_000_000), language: .en)
    }

    @Test("names with brackets, quotes, control characters, line breaks or any script are kept, cleaned and encoded",
          arguments: [
              ("Sam <sam@evil.example>", "Sam <sam@evil.example>"),
              (#""Dr" Ruth, MD"#, #""Dr" Ruth, MD"#),
              ("Ann\r\nBcc: x@evil.example", "Ann Bcc: x@evil.example"),
              ("Zoë\u{0}\u{7}\u{7F}", "Zoë"),
              ("سارة\u{2028}ناصر", "سارة ناصر"),
              ("Мария", "Мария"),
          ])
    func displayNames(name: String, expected: String) throws {
        let raw = MIMEWriter.write(Self.message(to: name))
        let headerBlock = raw.components(separatedBy: "\r\n\r\n")[0]
        #expect(!headerBlock.contains("\r\nBcc:"), "no header injected")
        #expect(!headerBlock.unicodeScalars.contains { $0.value < 0x20 && $0 != "\r" && $0 != "\n" && $0 != "\t" })
        let to = try #require(MIMEReader.unfoldedHeaders(raw)["To"])
        #expect(to.hasSuffix(" <sara@example.org>"))
        #expect(MIMEReader.decodeWords(String(to.dropLast(" <sara@example.org>".count))) == expected)
    }

    @Test("a name of nothing but control characters leaves the bare address")
    func emptyName() throws {
        let to = try #require(MIMEReader.unfoldedHeaders(MIMEWriter.write(Self.message(to: "\u{1}\r\n\u{200B}")))["To"])
        #expect(to == "sara@example.org")
    }

    @Test("an address the mailer cannot use, and a 5xx from the server, make the job dead at once with the reason",
          arguments: TestDatabase.allCases)
    func permanentFailures(database: TestDatabase) async throws {
        let rejected = TestSMTPServer.recipient("reject-")
        try await withTestApp(database, adjust: SendMailJobTests.useSMTP) { app in
            var unusable = SendMailJobTests.request(to: "p@example.org")
            unusable.to = MailAddress.unchecked(address: "not an address", name: "Sam")
            let bad = try #require(try await SendMailJob.enqueue(unusable, on: app.db))
            let refused = try #require(try await SendMailJob.enqueue(SendMailJobTests.request(to: rejected), on: app.db))
            let worker = app.makeWorker()
            while try await worker.runOnce() {}
            let badJob = try #require(try await JobRecord.find(bad, on: app.db))
            #expect(badJob.state == .dead && badJob.attempts == 1 && badJob.lastError?.contains("cannot be used") == true)
            let refusedJob = try #require(try await JobRecord.find(refused, on: app.db))
            #expect(refusedJob.state == .dead && refusedJob.attempts == 1 && refusedJob.lastError?.contains("550") == true,
                    "\(refusedJob.lastError ?? "")")
        }
    }
}

@Suite("Which SMTP refusals end a mail for good")
struct SMTPPermanenceTests {
    @Test("a refused login is about our setup: the job waits for a retry, so fixing the password sends every queued mail",
          arguments: TestDatabase.allCases)
    func refusedLoginRetries(database: TestDatabase) async throws {
        try await withTestApp(database, adjust: { configuration in
            SendMailJobTests.useSMTP(&configuration)
            guard case .smtp(let server) = configuration.mail.transport else { return }
            configuration.mail.transport = .smtp(SMTPServer(host: server.host, port: server.port, security: server.security,
                                                            username: server.username, password: "not the password", caFile: server.caFile))
        }) { app in
            let id = try #require(try await SendMailJob.enqueue(SendMailJobTests.request(to: TestSMTPServer.recipient()), on: app.db))
            #expect(try await app.makeWorker().runOnce())
            let job = try #require(try await JobRecord.find(id, on: app.db))
            #expect(job.state == .pending && job.lastError?.contains("AUTH") == true, "\(job.lastError ?? "")")
        }
    }

    @Test("a server's reply keeps only the recipient's domain in the error's description")
    func addressesLeftOut() {
        let error = SMTPError.permanent(code: 550, text: "5.1.1 <sara.nasser@example.org>: Recipient address rejected", during: "RCPT TO")
        #expect(!error.description.contains("sara") && error.description.contains("example.org") && error.isPermanentForMessage)
        #expect(!SMTPError.permanent(code: 535, text: "5.7.8 Authentication failed", during: "AUTH").isPermanentForMessage)
    }
}
