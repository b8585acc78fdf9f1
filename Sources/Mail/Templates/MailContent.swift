import Core
import Foundation

/// What a message says, independent of its form: the plain-text and HTML bodies are both written
/// from it, so they never disagree. Personal data stops at the recipient's first name; anything
/// more sits behind a link to the portal.
public struct MailContent: Sendable, Equatable {
    public var subject: String
    public var greeting: String?
    public var paragraphs: [String]
    public var action: MailAction?
    /// Why the reader got this message and whether replies are read.
    public var footer: String

    public init(subject: String, greeting: String? = nil, paragraphs: [String], action: MailAction? = nil, footer: String) {
        self.subject = subject
        self.greeting = greeting
        self.paragraphs = paragraphs
        self.action = action
        self.footer = footer
    }
}

/// The one thing the reader is asked to do, as a link.
public struct MailAction: Sendable, Equatable {
    public var label: String
    public var url: URL

    public init(label: String, url: URL) {
        self.label = label
        self.url = url
    }
}

/// Builds absolute links from `HC_BASE_URL`, never from a request's `Host` header (which an
/// attacker chooses, and would then receive password-reset links).
public struct MailLinks: Sendable {
    public let baseURL: URL

    public init(baseURL: URL) {
        self.baseURL = baseURL
    }

    /// `path` is absolute within the site (`/ar/portal/`).
    public func url(_ path: String) -> URL {
        var base = baseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return URL(string: base + (path.hasPrefix("/") ? path : "/" + path))!
    }
}

/// One kind of message. Templates are values registered by name; a queued mail names its
/// template and carries only the parameters it needs.
public protocol MailTemplate: Sendable {
    /// Stored in queued jobs: fixed once mails of it exist.
    var name: String { get }
    func content(parameters: [String: String], localizer: Localizer, links: MailLinks) throws -> MailContent
}

public enum MailTemplateError: Error, CustomStringConvertible {
    case unknownTemplate(String)
    case missingParameter(template: String, name: String)

    public var description: String {
        switch self {
        case .unknownTemplate(let name): "no mail template named '\(name)'"
        case .missingParameter(let template, let name): "mail template '\(template)' needs the parameter '\(name)'"
        }
    }
}
