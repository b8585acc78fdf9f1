import Core
import Foundation

/// The message `healthconnect mail test` sends, so an operator can see that mail leaves and how
/// it looks in each language.
public struct TestMailTemplate: MailTemplate {
    public static let name = "system.test"
    public var name: String { Self.name }

    public init() {}

    public func content(parameters: [String: String], localizer: Localizer, links: MailLinks) throws -> MailContent {
        MailContent(
            subject: localizer.t("Test message from Health Connect"),
            greeting: parameters["first_name"].map { localizer.t("Hello {name},", ["name": $0]) },
            paragraphs: [
                localizer.t("This message confirms that this Health Connect installation can send e-mail."),
                localizer.t("If you did not expect it, you can ignore it. No action is needed."),
            ],
            action: MailAction(label: localizer.t("Open the website"), url: links.url("/\(localizer.locale.rawValue)/")),
            footer: localizer.t("This is an automated message. Replies to this address are not read.")
        )
    }
}
