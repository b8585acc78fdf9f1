@testable import App
import Core
import FluentKit
import Foundation
import Jobs
@testable import Mail
import SQLKit
import Testing
import TestSupport
import Vapor

@Suite("The mail job")
struct SendMailJobTests {
    static func request(to recipient: String, locale: SiteLocale = .ar) -> MailRequest {
        MailRequest(template: TestMailTemplate.name, locale: locale, to: MailAddress(address: recipient)!,
                    parameters: ["first_name": "سارة"], messageID: MailMessage.newMessageID(domain: "hills.example"))
    }

    /// Makes a job that is waiting out its backoff due now.
    static func makeDue(_ app: Application) async throws {
        try await (app.db as! any SQLDatabase).raw("UPDATE jobs SET run_at = \(bind: Date().addingTimeInterval(-1)) WHERE state = 'pending'").run()
    }

    static func useSMTP(_ configuration: inout Configuration) {
        configuration.baseURL = URL(string: "https://hills.example")!
        configuration.mail = MailSettings(from: MailAddress(address: "noreply@hills.example", name: "Hills Clinic")!,
                                          transport: .smtp(try! TestSMTPServer.server(.startTLS)))
    }

    @Test("a queued mail is rendered and delivered once, in Arabic, with links to HC_BASE_URL", arguments: TestDatabase.allCases)
    func delivers(database: TestDatabase) async throws {
        let recipient = TestSMTPServer.recipient()
        try await withTestApp(database, adjust: Self.useSMTP) { app in
            try await SendMailJob.enqueue(Self.request(to: recipient), on: app.db)
            #expect(try await app.makeWorker().runOnce())
            let received = try TestSMTPServer.received(by: recipient)
            #expect(received.count == 1)
            let mail = try #require(received.first)
            let parts = MIMEReader.parts(mail.raw)
            #expect(parts["text/html"]?.contains("dir=\"rtl\"") == true)
            #expect(parts["text/html"]?.contains("https://hills.example/ar/") == true)
            #expect(parts["text/plain"]?.contains("مرحبًا سارة،") == true)
            #expect(MIMEReader.decodeWords(MIMEReader.unfoldedHeaders(mail.raw)["Subject"] ?? "") == "رسالة تجريبية من Health Connect")
        }
    }

    @Test("a refused and a dropped connection fail the attempt; the retry delivers exactly once",
          arguments: TestDatabase.allCases, ["refuse-once-", "drop-once-"])
    func retries(database: TestDatabase, behaviour: String) async throws {
        let recipient = TestSMTPServer.recipient(behaviour)
        try await withTestApp(database, adjust: Self.useSMTP) { app in
            let id = try #require(try await SendMailJob.enqueue(Self.request(to: recipient), on: app.db))
            let worker = app.makeWorker()
            #expect(try await worker.runOnce())
            let failed = try #require(try await JobRecord.find(id, on: app.db))
            #expect(failed.state == .pending && failed.attempts == 1)
            #expect(failed.lastError?.contains(behaviour == "refuse-once-" ? "451" : "connection") == true, "\(failed.lastError ?? "")")
            #expect(try TestSMTPServer.received(by: recipient).isEmpty)

            try await Self.makeDue(app)
            #expect(try await worker.runOnce())
            let done = try #require(try await JobRecord.find(id, on: app.db))
            #expect(done.state == .succeeded && done.attempts == 2)
            #expect(try TestSMTPServer.received(by: recipient).count == 1)
        }
    }

    @Test("a server that is down leaves the job pending with the reason, nothing lost")
    func serverDown() async throws {
        try await withTestApp(adjust: { configuration in
            Self.useSMTP(&configuration)
            guard case .smtp(var server) = configuration.mail.transport else { return }
            server.port = 1
            configuration.mail.transport = .smtp(server)
        }) { app in
            let id = try #require(try await SendMailJob.enqueue(Self.request(to: TestSMTPServer.recipient()), on: app.db))
            #expect(try await app.makeWorker().runOnce())
            let job = try #require(try await JobRecord.find(id, on: app.db))
            #expect(job.state == .pending && job.lastError?.contains("cannot connect") == true)
        }
    }

    @Test("the same Message-ID is queued once, and a rolled-back change queues no mail")
    func idempotentAndTransactional() async throws {
        try await withTestApp { app in
            let request = Self.request(to: "p@example.org")
            let first = try await SendMailJob.enqueue(request, on: app.db)
            let second = try await SendMailJob.enqueue(request, on: app.db)
            #expect(first != nil && second == nil)
            struct Rollback: Error {}
            await #expect(throws: Rollback.self) {
                try await app.db.transaction { tx in
                    try await SendMailJob.enqueue(Self.request(to: "q@example.org"), on: tx)
                    throw Rollback()
                }
            }
            let queued = try await JobRecord.query(on: app.db).filter(\.$kind == SendMailJob.kind).count()
            #expect(queued == 1)
        }
    }

    @Test("development writes .eml files to the outbox; a retry rewrites the same file")
    func outbox() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hc-outbox-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withTestApp(adjust: { $0.mail.transport = .outbox(directory: directory.path) }) { app in
            try? FileManager.default.removeItem(at: directory)
            let request = Self.request(to: "p@example.org", locale: .fa)
            let message = try app.mail.renderer.render(request)
            try await app.mail.transport.deliver(message)
            try await app.mail.transport.deliver(message)
            let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            #expect(files.count == 1 && files[0].hasSuffix(".eml"))
            let raw = try String(contentsOf: directory.appendingPathComponent(files[0]), encoding: .utf8)
            #expect(MIMEReader.parts(raw)["text/html"]?.contains("<html lang=\"fa\" dir=\"rtl\">") == true)
        }
    }
}
