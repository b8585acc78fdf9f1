import Core
import Foundation

/// A mail to send, as queued: which template, in which language, to whom, with which
/// parameters. It is the mail job's payload, so it holds no more personal data than the
/// message itself will.
public struct MailRequest: Sendable, Codable, Equatable {
    public var template: String
    public var locale: SiteLocale
    public var to: MailAddress
    public var parameters: [String: String]
    public var messageID: String

    public init(template: String, locale: SiteLocale, to: MailAddress, parameters: [String: String] = [:], messageID: String) {
        self.template = template
        self.locale = locale
        self.to = to
        self.parameters = parameters
        self.messageID = messageID
    }
}

/// Turns a `MailRequest` into a message from the registered templates and the catalogs.
public struct MailRenderer: Sendable {
    public let from: MailAddress
    public let translations: Translations
    public let links: MailLinks
    private let templates: [String: any MailTemplate]

    public init(from: MailAddress, translations: Translations, baseURL: URL, templates: [any MailTemplate]) {
        self.from = from
        self.translations = translations
        self.links = MailLinks(baseURL: baseURL)
        self.templates = Dictionary(templates.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func render(_ request: MailRequest, date: Date = Date()) throws -> MailMessage {
        guard let template = templates[request.template] else { throw MailTemplateError.unknownTemplate(request.template) }
        let content = try template.content(parameters: request.parameters,
                                           localizer: Localizer(locale: request.locale, translations: translations), links: links)
        return MailMessage(from: from, to: request.to, subject: content.subject, text: MailLayout.text(content),
                           html: MailLayout.html(content, locale: request.locale), messageID: request.messageID,
                           date: date, language: request.locale)
    }
}
