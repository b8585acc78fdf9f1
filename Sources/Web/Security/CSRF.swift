import Core
import Vapor

/// Synchronizer-token CSRF protection for HTML forms.
///
/// The token lives in the server-side session; every state-changing form carries it in the hidden
/// field `csrf_token` (HTMX requests may send the `X-CSRF-Token` header instead). The API never
/// reads cookies, so it needs none of this.
public struct CSRFMiddleware: AsyncMiddleware {
    /// The form field and header that carry the token.
    public static let fieldName = "csrf_token"
    public static let headerName = "X-CSRF-Token"
    static let sessionKey = "csrf"

    public init() {}

    public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard [.POST, .PUT, .PATCH, .DELETE].contains(request.method) else {
            return try await next.respond(to: request)
        }
        if request.route?.checksCSRFItself == true {
            return try await next.respond(to: request)
        }
        guard let expected = request.existingWebSession?[Self.sessionKey] else {
            throw WebError.csrfTokenInvalid
        }
        var sent = request.headers.first(name: Self.headerName)
        if sent == nil {
            // The route would collect the body anyway; collecting here applies the same size limit (413).
            _ = try await request.body.collect(max: request.application.routes.defaultMaxBodySize.value).get()
            sent = try? request.content.get(String.self, at: Self.fieldName)
        }
        guard let sent, ConstantTime.equals(Array(sent.utf8), Array(expected.utf8)) else {
            throw WebError.csrfTokenInvalid
        }
        return try await next.respond(to: request)
    }
}

extension Request {
    /// The check a streamed form's route makes itself: the header, or else the token field read
    /// before any file (`fields`).
    func verifyCSRF(fields: [String: String]) throws {
        guard let expected = existingWebSession?[CSRFMiddleware.sessionKey],
              let sent = headers.first(name: CSRFMiddleware.headerName) ?? fields[CSRFMiddleware.fieldName],
              ConstantTime.equals(Array(sent.utf8), Array(expected.utf8)) else {
            throw WebError.csrfTokenInvalid
        }
    }

    /// The CSRF token for forms on this page; starts a session if the visitor has none.
    public func csrfToken() -> String {
        let session = webSession()
        if let token = session[CSRFMiddleware.sessionKey] { return token }
        let token = SecureToken.generate()
        session[CSRFMiddleware.sessionKey] = token
        return token
    }
}
