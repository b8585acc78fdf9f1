import Core
import FluentKit
import Foundation
import Jobs
import Logging

/// The mail job: renders a queued `MailRequest` and delivers it. A passing failure (server down,
/// 4xx, dropped connection) fails the attempt and the queue retries with backoff; the Message-ID
/// stays the same on every attempt.
public struct SendMailJob: JobHandler {
    public static let kind = "mail.send"
    public var kind: String { Self.kind }

    let renderer: MailRenderer
    let transport: any MailTransport

    public init(renderer: MailRenderer, transport: any MailTransport) {
        self.renderer = renderer
        self.transport = transport
    }

    /// Queues `request` in the caller's transaction: if the change that causes the mail rolls
    /// back, no mail is sent. A request whose Message-ID is already queued is not queued twice.
    @discardableResult
    public static func enqueue(_ request: MailRequest, on database: any Database) async throws -> UUID? {
        try await JobQueue.enqueue(NewJob(kind: kind, payload: request, maxAttempts: 8, idempotencyKey: "mail:" + request.messageID),
                                   on: database)
    }

    /// Fails for good, without retries, when the payload cannot be read, the address cannot be
    /// used or the server refused the message with a 5xx; other failures are retried.
    public func run(_ job: ClaimedJob, context: JobContext) async throws {
        let request: MailRequest
        do {
            request = try JSONDecoder().decode(MailRequest.self, from: Data(job.payload.utf8))
        } catch {
            throw PermanentJobFailure("the mail job's payload cannot be read: \(error)")
        }
        guard request.to.isUsable else {
            throw PermanentJobFailure("the recipient address cannot be used (domain \(request.to.domain))")
        }
        let message: MailMessage
        do {
            message = try renderer.render(request)
        } catch {
            throw PermanentJobFailure("the message cannot be rendered: \(error)")
        }
        do {
            try await transport.deliver(message)
        } catch let error as SMTPError where error.isPermanentForMessage {
            throw PermanentJobFailure(error.description)
        }
        // The recipient's domain only: addresses are personal data and logs travel far.
        context.logger.info("mail sent", metadata: [
            "template": .string(request.template), "message_id": .string(request.messageID),
            "recipient_domain": .string(request.to.domain), "attempt": .stringConvertible(job.attempt),
        ])
    }
}
