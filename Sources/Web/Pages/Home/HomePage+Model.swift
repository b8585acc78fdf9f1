import Core

/// The home page of one locale. Its text comes from the UI catalogs until the CMS issue gives
/// editors a home page of their own.
public struct HomePage: Sendable {
    public let chrome: PageChrome

    public init(chrome: PageChrome) {
        self.chrome = chrome
    }
}
