import Vapor

/// The privacy pages.
public struct PrivacyRoutes: RouteCollection, Sendable {
    public init() {}

    public func boot(routes: any RoutesBuilder) throws {
        routes.get(":locale", "privacy", "cookies", use: cookies)
    }

    @Sendable
    func cookies(req: Request) throws -> Response {
        let locale = try req.requireLocaleParameter()
        let response = Response.html(CookiesPage(chrome: req.chrome(locale, path: "privacy/cookies")))
        response.markPublic(maxAge: 300)
        return response
    }
}
