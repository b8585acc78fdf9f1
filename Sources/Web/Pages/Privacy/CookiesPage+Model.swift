import Core

/// `/{locale}/privacy/cookies`: what the site stores, and the place to change the analytics choice.
public struct CookiesPage: Sendable {
    public let chrome: PageChrome

    public init(chrome: PageChrome) {
        self.chrome = chrome
    }

    var analytics: AnalyticsConfiguration? { chrome.context.configuration.analytics }
}
