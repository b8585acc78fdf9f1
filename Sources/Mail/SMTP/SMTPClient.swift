import Core
import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// Sends one message per connection to an SMTP server over TLS, verified against the system's
/// trust roots or the configured CA file.
///
/// With STARTTLS the upgrade must succeed before anything else is said: a server that does not
/// offer it is refused (no plain-text fallback), and bytes that arrive between the server's 220
/// and the handshake are treated as an injection attempt. AUTH is only ever sent inside TLS.
public struct SMTPClient: Sendable {
    public let server: SMTPServer
    /// The name we greet with (`EHLO`): the host of `HC_BASE_URL`.
    public let helloName: String
    public var timeout: TimeAmount = .seconds(30)
    let logger: Logger

    public init(server: SMTPServer, helloName: String, logger: Logger) {
        self.server = server
        self.helloName = helloName
        self.logger = logger
    }

    /// Delivers `data` (a whole RFC 5322 message in CRLF lines) from `sender` to `recipient`.
    public func send(_ data: String, from sender: String, to recipient: String) async throws {
        let tls = try makeTLSContext()
        let handler = SMTPReplyHandler()
        let channel: any Channel
        do {
            let serverHost = server.host
            let implicit = server.security == .implicitTLS
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(10))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if implicit {
                            try channel.pipeline.syncOperations.addHandler(
                                try NIOSSLClientHandler(context: tls, serverHostname: Self.sniName(serverHost)))
                        }
                        try channel.pipeline.syncOperations.addHandler(handler)
                    }
                }
                .connect(host: server.host, port: server.port).get()
        } catch {
            throw SMTPError.connection("cannot connect to \(server.host):\(server.port): \(error)")
        }
        let session = Session(channel: channel, handler: handler, timeout: timeout)
        do {
            try await session.expect(220, during: "greeting")
            var capabilities = try await session.command("EHLO \(helloName)", expect: 250, during: "EHLO").lines
            if server.security == .startTLS {
                guard capabilities.contains(where: { $0.uppercased() == "STARTTLS" }) else {
                    throw SMTPError.protocolViolation("the server does not offer STARTTLS; refusing to continue in plain text")
                }
                try await session.command("STARTTLS", expect: 220, during: "STARTTLS")
                try await session.startTLS(context: tls, serverHostname: Self.sniName(server.host))
                capabilities = try await session.command("EHLO \(helloName)", expect: 250, during: "EHLO after STARTTLS").lines
            }
            if let username = server.username, let password = server.password {
                try await authenticate(session, capabilities: capabilities, username: username, password: password)
            }
            try await session.command("MAIL FROM:<\(sender)>", expect: 250, during: "MAIL FROM")
            try await session.command("RCPT TO:<\(recipient)>", expect: 250, during: "RCPT TO")
            try await session.command("DATA", expect: 354, during: "DATA")
            try await session.write(Self.dotStuffed(data) + ".\r\n")
            try await session.expect(250, during: "end of data")
            _ = try? await session.command("QUIT", expect: 221, during: "QUIT")
        } catch {
            try? await channel.close()
            throw error
        }
        try? await channel.close()
    }

    private func authenticate(_ session: Session, capabilities: [String], username: String, password: String) async throws {
        let mechanisms = capabilities
            .first { $0.uppercased().hasPrefix("AUTH ") || $0.uppercased().hasPrefix("AUTH=") }
            .map { $0.dropFirst(5).uppercased().split(separator: " ").map(String.init) } ?? []
        if mechanisms.contains("PLAIN") {
            let token = Data("\0\(username)\0\(password)".utf8).base64EncodedString()
            try await session.command("AUTH PLAIN \(token)", expect: 235, during: "AUTH", redacted: "AUTH PLAIN ***")
        } else if mechanisms.contains("LOGIN") {
            try await session.command("AUTH LOGIN", expect: 334, during: "AUTH")
            try await session.command(Data(username.utf8).base64EncodedString(), expect: 334, during: "AUTH", redacted: "***")
            try await session.command(Data(password.utf8).base64EncodedString(), expect: 235, during: "AUTH", redacted: "***")
        } else {
            throw SMTPError.protocolViolation("credentials are configured but the server offers no AUTH PLAIN or LOGIN")
        }
    }

    private func makeTLSContext() throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.certificateVerification = .fullVerification
        if let caFile = server.caFile {
            configuration.trustRoots = .file(caFile)
        }
        return try NIOSSLContext(configuration: configuration)
    }

    /// SNI carries host names only; for an IP address the certificate is still checked against it.
    static func sniName(_ host: String) -> String? {
        host.allSatisfy { $0.isNumber || $0 == "." || $0 == ":" } ? nil : host
    }

    /// RFC 5321 §4.5.2: a line starting with "." gets another, so the server does not take it
    /// for the end of the message. Lines already end in CRLF (MIMEWriter writes them so).
    static func dotStuffed(_ data: String) -> String {
        var normalized = data.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        if !normalized.hasSuffix("\n") { normalized += "\n" }
        return normalized.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            .map { $0.hasPrefix(".") ? "." + $0 : String($0) }
            .joined(separator: "\r\n") + "\r\n"
    }
}

/// One connection's command-and-reply exchange.
private struct Session: Sendable {
    let channel: any Channel
    let handler: SMTPReplyHandler
    let timeout: TimeAmount

    func write(_ text: String) async throws {
        do {
            try await channel.writeAndFlush(channel.allocator.buffer(string: text))
        } catch {
            throw SMTPError.connection("write failed: \(error)")
        }
    }

    @discardableResult
    func command(_ line: String, expect code: Int, during step: String, redacted: String? = nil) async throws -> SMTPReply {
        try await write(line + "\r\n")
        return try await expect(code, during: step)
    }

    @discardableResult
    func expect(_ code: Int, during step: String) async throws -> SMTPReply {
        let handler = handler
        let eventLoop = channel.eventLoop
        let reply: SMTPReply
        do {
            let channel = channel
            let timeout = timeout
            reply = try await eventLoop.flatSubmit {
                let timer = eventLoop.scheduleTask(in: timeout) {
                    handler.giveUp(.connection("no reply within \(timeout.nanoseconds / 1_000_000_000) s during \(step)"), channel: channel)
                }
                let reply = handler.nextReply(on: eventLoop)
                reply.whenComplete { _ in timer.cancel() }
                return reply
            }.get()
        } catch let error as SMTPError {
            throw error
        } catch {
            throw SMTPError.connection("\(error) during \(step)")
        }
        guard reply.code == code else {
            if (400..<500).contains(reply.code) { throw SMTPError.transient(code: reply.code, text: reply.text, during: step) }
            if (500..<600).contains(reply.code) { throw SMTPError.permanent(code: reply.code, text: reply.text, during: step) }
            throw SMTPError.protocolViolation("expected \(code) during \(step), got \(reply.code)")
        }
        return reply
    }

    /// Puts TLS in front of the reply handler, in the same event-loop turn as the check that
    /// nothing unrequested arrived, so no plain-text byte can slip in between.
    func startTLS(context: NIOSSLContext, serverHostname: String?) async throws {
        let handler = handler
        let channel = channel
        try await channel.eventLoop.submit {
            guard !handler.hasUnrequestedInput else {
                channel.close(promise: nil)
                throw SMTPError.protocolViolation("the server sent data after agreeing to STARTTLS (possible injection)")
            }
            try channel.pipeline.syncOperations.addHandler(
                try NIOSSLClientHandler(context: context, serverHostname: serverHostname), position: .first)
        }.get()
    }
}
