import Core
import Markup

/// The pages of signing up, in and out, and of links from mail: a heading, a few sentences, at
/// most one form, and links onwards. Each route fills one in; the view is shared.
public struct AccountFormPage: Sendable {
    public struct Link: Sendable {
        public let label: String
        public let url: SafeURL
        public init(_ label: String, _ url: SafeURL) {
            self.label = label
            self.url = url
        }
    }

    public struct Form: Sendable {
        public let action: SafeURL
        public let csrfToken: String
        public var hidden: [(name: String, value: String)]
        public var fields: [FormField]
        /// Field name → message, in the page's language.
        public var errors: [String: String]
        public let submitLabel: String

        public init(action: SafeURL, csrfToken: String, hidden: [(name: String, value: String)] = [], fields: [FormField],
                    errors: [String: String] = [:], submitLabel: String) {
            self.action = action
            self.csrfToken = csrfToken
            self.hidden = hidden
            self.fields = fields
            self.errors = errors
            self.submitLabel = submitLabel
        }
    }

    public let chrome: PageChrome
    public let title: String
    public var paragraphs: [String]
    public var notice: (kind: Alert.Kind, message: String)?
    /// Shown between the sentences and the form (a QR code, a list of recovery codes).
    public var extra: [any Node]
    public var form: Form?
    public var links: [Link]

    public init(chrome: PageChrome, title: String, paragraphs: [String] = [], notice: (kind: Alert.Kind, message: String)? = nil,
                extra: [any Node] = [], form: Form? = nil, links: [Link] = []) {
        self.chrome = chrome
        self.title = title
        self.paragraphs = paragraphs
        self.notice = notice
        self.extra = extra
        self.form = form
        self.links = links
    }
}
