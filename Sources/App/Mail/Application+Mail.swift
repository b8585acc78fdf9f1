import Accounts
import Core
import Foundation
import Mail
import Portal
import Vapor

extension Application {
    private struct MailKey: StorageKey { typealias Value = MailSetup }

    /// The templates, the renderer and the way out, built once from the configuration.
    var mail: MailSetup {
        get {
            guard let setup = storage[MailKey.self] else { fatalError("configure(_:configuration:) sets up mail") }
            return setup
        }
        set { storage[MailKey.self] = newValue }
    }
}

struct MailSetup: Sendable {
    /// Every message the platform sends.
    static func templates(_ configuration: Configuration) -> [any MailTemplate] {
        let encryption = FieldEncryption(keyring: configuration.secretKeys)
        return [TestMailTemplate()] + AccountMail.all(encryption: encryption) + InquiryMail.all(encryption: encryption)
    }

    let renderer: MailRenderer
    let transport: any MailTransport

    init(configuration: Configuration, translations: Translations, logger: Logger) {
        renderer = MailRenderer(from: configuration.mail.from, translations: translations, baseURL: configuration.baseURL,
                                templates: Self.templates(configuration))
        switch configuration.mail.transport {
        case .smtp(let server):
            transport = SMTPTransport(client: SMTPClient(server: server, helloName: configuration.baseURL.host ?? "localhost", logger: logger))
        case .outbox(let directory):
            transport = OutboxTransport(directory: URL(fileURLWithPath: directory))
        }
    }

    var job: SendMailJob { SendMailJob(renderer: renderer, transport: transport) }
}
