import Core
import Vapor

extension Request {
    /// The locale named by the path's first segment (`/ar/…`), if it is one we ship.
    public var pathLocale: SiteLocale? {
        guard let first = url.path.split(separator: "/", maxSplits: 1).first else { return nil }
        return SiteLocale(pathSegment: String(first))
    }

    /// The locale to answer in: the path's, else the one `Accept-Language` prefers.
    public var preferredLocale: SiteLocale {
        pathLocale ?? SiteLocale.negotiate(acceptLanguage: headers.first(name: .acceptLanguage))
    }
}
