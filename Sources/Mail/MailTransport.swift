import Core
import Foundation
import Logging

/// Where rendered messages go.
public protocol MailTransport: Sendable {
    func deliver(_ message: MailMessage) async throws
}

/// Hands messages to an SMTP server.
public struct SMTPTransport: MailTransport {
    let client: SMTPClient

    public init(client: SMTPClient) {
        self.client = client
    }

    public func deliver(_ message: MailMessage) async throws {
        try await client.send(MIMEWriter.write(message), from: message.from.address, to: message.to.address)
    }
}

/// Development: writes each message as an `.eml` file any mail client opens. The file is named
/// after the Message-ID, so a retried job rewrites its file instead of adding a second.
public struct OutboxTransport: MailTransport {
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    public func deliver(_ message: MailMessage) async throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let stem = message.messageID.filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == "@" }
        try Data(MIMEWriter.write(message).utf8).write(to: directory.appendingPathComponent(stem + ".eml"), options: .atomic)
    }
}
