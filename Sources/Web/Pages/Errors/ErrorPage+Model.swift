import Core

/// A friendly page for a failed request, in the visitor's language, with the reference support asks for.
public struct ErrorPage: Sendable {
    public let chrome: PageChrome
    /// English msgid of the headline.
    public let titleKey: String
    /// English msgid of the explanation.
    public let messageKey: String
    /// Field name → msgid, for input that failed validation.
    public let fieldMessages: [String: String]
    public let requestID: String

    public init(chrome: PageChrome, titleKey: String, messageKey: String,
                fieldMessages: [String: String] = [:], requestID: String) {
        self.chrome = chrome
        self.titleKey = titleKey
        self.messageKey = messageKey
        self.fieldMessages = fieldMessages
        self.requestID = requestID
    }
}
