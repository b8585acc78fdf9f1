import Vapor

/// `/api/docs`, the API's contract for people. Public and the same for everyone: no session.
public struct APIDocsRoutes: RouteCollection, Sendable {
    public init() {}

    public func boot(routes: any RoutesBuilder) throws {
        routes.get("api", "docs", use: docs)
    }

    @Sendable
    func docs(req: Request) -> Response {
        let response = Response.html(APIDocsPage(assets: req.webContext.assets))
        response.markPublic(maxAge: 300)
        return response
    }
}
