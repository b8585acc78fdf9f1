import Audit
import Core
import Foundation
import Testing
import TestSupport

@Suite("mail test at the command line")
struct MailCommandTests {
    @Test("sends through HC_SMTP_URL with the test CA, records it, and fails in one line on a bad address")
    func sendsTestMail() async throws {
        try await withEmptyDatabase { url in
            let server = try TestSMTPServer.server(.startTLS)
            var env = CommandRunner.environment(url)
            env["HC_SMTP_URL"] = "smtp://\(TestSMTPServer.username):\(TestSMTPServer.password)@127.0.0.1:\(server.port)"
            env["HC_SMTP_CA_FILE"] = server.caFile
            env["HC_MAIL_FROM"] = "Hills Clinic <noreply@hills.example>"
            _ = try await CommandRunner.run(["migrate", "--yes"], environment: env)

            let recipient = TestSMTPServer.recipient()
            let result = try await CommandRunner.run(["mail", "test", "--to", recipient, "--locale", "ru", "--name", "Анна"], environment: env)
            #expect(result.status == 0, "\(result.errorOutput)")
            #expect(!result.output.contains(TestSMTPServer.password), "the password is never printed")
            let received = try TestSMTPServer.received(by: recipient)
            #expect(received.count == 1 && received.first?.tls == true)

            let bad = try await CommandRunner.run(["mail", "test", "--to", "not-an-address"], environment: env)
            #expect(bad.status != 0)
            #expect(bad.errorOutput.split(separator: "\n").count == 1)

            let tail = try await CommandRunner.run(["audit", "tail", "--limit", "1"], environment: env)
            #expect(tail.output.contains("mail.test") && tail.output.contains("hills.example"))
            #expect(!tail.output.contains(recipient), "the audit detail keeps the domain, not the address")
        }
    }
}
