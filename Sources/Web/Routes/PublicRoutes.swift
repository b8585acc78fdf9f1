import Core
import Vapor

/// The language redirect at `/`; each locale's pages are `ContentRoutes`.
public struct PublicRoutes: RouteCollection, Sendable {
    public init() {}

    public func boot(routes: any RoutesBuilder) throws {
        routes.get(use: redirectToPreferredLocale)
    }

    /// `/` sends the visitor to their language. A 302, never a 301: the answer depends on
    /// `Accept-Language`, and a browser must not cache one visitor's language for the next.
    @Sendable
    func redirectToPreferredLocale(req: Request) -> Response {
        let locale = SiteLocale.negotiate(acceptLanguage: req.headers.first(name: .acceptLanguage))
        let response = Response(status: .found)
        response.headers.replaceOrAdd(name: .location, value: "/\(locale.rawValue)/")
        response.headers.replaceOrAdd(name: .vary, value: "Accept-Language")
        return response
    }
}

extension Request {
    /// The `:locale` route parameter as a shipped locale, or a 404 for anything else.
    func requireLocaleParameter() throws -> SiteLocale {
        guard let raw = parameters.get("locale"), let locale = SiteLocale(pathSegment: raw) else {
            throw Abort(.notFound)
        }
        return locale
    }
}
