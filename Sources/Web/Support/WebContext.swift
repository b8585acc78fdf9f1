import Core
import Foundation
import Vapor

/// What every view needs from the running application, set once at start by App.
public struct WebContext: Sendable {
    public let configuration: Configuration
    public let translations: Translations
    public let assets: AssetManifest
    public let icons: IconSet

    public init(configuration: Configuration, translations: Translations, assets: AssetManifest, icons: IconSet) {
        self.configuration = configuration
        self.translations = translations
        self.assets = assets
        self.icons = icons
    }

    /// An absolute URL on the public site, built from `HC_BASE_URL` (never from the request's `Host`).
    public func absoluteURL(_ path: String) -> String {
        var base = configuration.baseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return base + path
    }
}

extension Application {
    private struct WebContextKey: StorageKey { typealias Value = WebContext }

    /// The web context; App sets it before any route runs.
    public var webContext: WebContext {
        get {
            guard let context = storage[WebContextKey.self] else {
                fatalError("WebContext is set by App.configure before the server starts")
            }
            return context
        }
        set { storage[WebContextKey.self] = newValue }
    }

    /// False once shutdown has cleared the application's storage: a request that outlived its
    /// client (a body that never came) may still fail then, and must not take the process down.
    public var hasWebContext: Bool { storage[WebContextKey.self] != nil }
}

extension Request {
    public var webContext: WebContext { application.webContext }

    /// A localizer for `locale` on this request.
    public func localizer(_ locale: SiteLocale) -> Localizer {
        Localizer(locale: locale, translations: webContext.translations)
    }
}
