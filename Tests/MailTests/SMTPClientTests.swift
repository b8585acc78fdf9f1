import Core
import Foundation
import Logging
@testable import Mail
import Testing
import TestSupport

/// Real servers on 127.0.0.1 (aiosmtpd, and two misbehaving ones), started by `make test`.
@Suite("The SMTP client against real servers")
struct SMTPClientTests {
    static func message(to recipient: String) -> MailMessage {
        MailMessage(from: MailAddress(address: "noreply@hills.example", name: "عيادة هيلز")!,
                    to: MailAddress(address: recipient, name: "سارة")!,
                    subject: "تأكيد موعدك", text: "مرحبًا سارة،\nموعدك مؤكد.\n", html: "<p>مرحبًا سارة،</p>",
                    messageID: MailMessage.newMessageID(domain: "hills.example"), date: Date(), language: .ar)
    }

    static func client(_ server: SMTPServer) -> SMTPClient {
        var client = SMTPClient(server: server, helloName: "hills.example", logger: Logger(label: "test.smtp"))
        client.timeout = .seconds(5)
        return client
    }

    @Test("STARTTLS, then AUTH, then an Arabic message the server receives intact")
    func startTLS() async throws {
        let recipient = TestSMTPServer.recipient()
        let message = Self.message(to: recipient)
        try await SMTPTransport(client: Self.client(try TestSMTPServer.server(.startTLS))).deliver(message)
        let received = try TestSMTPServer.received(by: recipient)
        #expect(received.count == 1)
        let mail = try #require(received.first)
        #expect(mail.tls && mail.authenticated)
        #expect(mail.mailFrom == "noreply@hills.example")
        let headers = MIMEReader.unfoldedHeaders(mail.raw)
        #expect(MIMEReader.decodeWords(headers["Subject"] ?? "") == "تأكيد موعدك")
        #expect(headers["Message-ID"] == message.messageID)
        #expect(MIMEReader.parts(mail.raw)["text/plain"] == "مرحبًا سارة،\r\nموعدك مؤكد.\r\n")
    }

    @Test("implicit TLS (SMTPS) delivers too")
    func implicitTLS() async throws {
        let recipient = TestSMTPServer.recipient()
        try await SMTPTransport(client: Self.client(try TestSMTPServer.server(.implicitTLS))).deliver(Self.message(to: recipient))
        #expect(try TestSMTPServer.received(by: recipient).count == 1)
    }

    @Test("leading dots survive the trip: stuffed on the way, unstuffed by the server")
    func dotStuffingEndToEnd() async throws {
        let recipient = TestSMTPServer.recipient()
        let raw = "From: noreply@hills.example\r\nTo: \(recipient)\r\nSubject: dots\r\n\r\n.\r\n..two\r\n.three\r\nend\r\n"
        try await Self.client(try TestSMTPServer.server(.startTLS)).send(raw, from: "noreply@hills.example", to: recipient)
        let received = try #require(try TestSMTPServer.received(by: recipient).first)
        #expect(received.raw.hasSuffix("\r\n\r\n.\r\n..two\r\n.three\r\nend\r\n"))
    }

    @Test("a server that does not offer STARTTLS is refused before any credential is sent")
    func noStartTLS() async throws {
        let recipient = TestSMTPServer.recipient()
        await #expect {
            try await Self.client(try TestSMTPServer.server(.plaintext)).send("x\r\n", from: "a@hills.example", to: recipient)
        } throws: { error in
            guard case .protocolViolation(let problem) = error as? SMTPError else { return false }
            return problem.contains("STARTTLS")
        }
    }

    @Test("a reply smuggled in ahead of the TLS handshake aborts the session")
    func startTLSInjection() async throws {
        await #expect {
            try await Self.client(try TestSMTPServer.server(.injection)).send("x\r\n", from: "a@hills.example", to: "b@hills.example")
        } throws: { error in
            guard case .protocolViolation(let problem) = error as? SMTPError else { return false }
            return problem.contains("injection")
        }
    }

    @Test("a certificate from a CA we do not trust is refused, and nothing is delivered")
    func untrustedCertificate() async throws {
        let recipient = TestSMTPServer.recipient()
        await #expect(throws: SMTPError.self) {
            try await Self.client(try TestSMTPServer.server(.startTLS, untrustedCA: true)).send("x\r\n", from: "a@hills.example", to: recipient)
        }
        #expect(try TestSMTPServer.received(by: recipient).isEmpty)
    }

    @Test("replies map to errors: 451 is temporary, 550 permanent, a closed port a connection error")
    func errors() async throws {
        let client = Self.client(try TestSMTPServer.server(.startTLS))
        await #expect { try await client.send("x\r\n", from: "a@hills.example", to: TestSMTPServer.recipient("refuse-once-")) }
            throws: { if case .transient(451, _, "RCPT TO") = $0 as? SMTPError { true } else { false } }
        await #expect { try await client.send("x\r\n", from: "a@hills.example", to: TestSMTPServer.recipient("reject-")) }
            throws: { if case .permanent(550, _, "RCPT TO") = $0 as? SMTPError { true } else { false } }
        var closed = try TestSMTPServer.server(.startTLS)
        closed.port = 1
        await #expect { try await Self.client(closed).send("x\r\n", from: "a@hills.example", to: "b@hills.example") }
            throws: { if case .connection = $0 as? SMTPError { true } else { false } }
    }
}
