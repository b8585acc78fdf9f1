import Core
import Foundation

/// A message ready to be written out: both bodies already rendered.
public struct MailMessage: Sendable, Equatable {
    public var from: MailAddress
    public var to: MailAddress
    public var subject: String
    public var text: String
    public var html: String
    /// Fixed when the mail is queued, so every retry sends the same id and receivers can
    /// recognise a duplicate.
    public var messageID: String
    public var date: Date
    public var language: SiteLocale

    public init(from: MailAddress, to: MailAddress, subject: String, text: String, html: String, messageID: String,
                date: Date, language: SiteLocale) {
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.messageID = messageID
        self.date = date
        self.language = language
    }

    /// `<random@domain>`.
    public static func newMessageID(domain: String) -> String {
        "<\(UUID().uuidString.lowercased())@\(domain)>"
    }
}
