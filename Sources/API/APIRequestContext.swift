import Audit
import Core
import Vapor

/// The Vapor request behind the generated handlers, which see only their typed input: handlers
/// need its database, client address and `Authorization` header.
enum APIRequestContext {
    @TaskLocal static var request: Request?

    static func current() throws -> Request {
        guard let request else { throw Abort(.internalServerError, reason: "API handler called outside APIRequestContextMiddleware") }
        return request
    }
}

struct APIRequestContextMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        try await APIRequestContext.$request.withValue(request) {
            try await next.respond(to: request)
        }
    }
}
