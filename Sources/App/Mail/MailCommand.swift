import Audit
import Core
import Foundation
import Mail
import Vapor

/// `healthconnect mail test --to ADDRESS [--locale ar] [--name Sara]` renders the test message and
/// sends it at once (not through the queue), so an operator sees a configuration problem as
/// one clear line rather than as retries in a worker's log.
struct MailCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "test")
        var action: String
        @Option(name: "to", help: "Recipient address")
        var to: String?
        @Option(name: "locale", help: "en, ar, fa or ru (default en)")
        var locale: String?
        @Option(name: "name", help: "First name for the greeting")
        var name: String?
    }

    var help: String { "Sends a test message through the configured mail transport." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "test" else { throw CommandFailure("mail takes test, not '\(signature.action)'") }
        guard let raw = signature.to, let recipient = MailAddress(parsing: raw) else {
            throw CommandFailure("--to must be an e-mail address")
        }
        let locale = try CommandFailure.locale(from: signature.locale)
        let app = context.application
        let configuration = app.webContext.configuration
        let request = MailRequest(template: TestMailTemplate.name, locale: locale, to: recipient,
                                  parameters: signature.name.map { ["first_name": $0] } ?? [:],
                                  messageID: MailMessage.newMessageID(domain: configuration.mail.from.domain))
        let message = try app.mail.renderer.render(request)
        do {
            try await app.mail.transport.deliver(message)
        } catch {
            try await app.auditOperatorAction("mail.test", outcome: .failure, detail: ["recipient_domain": .string(recipient.domain)])
            throw CommandFailure("sending failed: \(error)")
        }
        try await app.auditOperatorAction("mail.test", detail: ["recipient_domain": .string(recipient.domain)])
        context.console.print("Sent \(request.messageID) to \(recipient.address) via \(configuration.mail.transport).")
    }
}
