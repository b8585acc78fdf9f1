import Vapor

/// Caching is opt-in: a response that did not declare itself cacheable is sent `no-store`, and a
/// public one never carries `Set-Cookie` (a shared cache would hand one visitor's cookie to the next).
///
/// Only public responses are compressed. They hold no secrets, while a private page may hold a
/// CSRF token next to text the visitor typed: compressing those would open them to BREACH.
struct CachePolicyMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        guard let policy = response.headers.first(name: .cacheControl) else {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
            response.headers.responseCompression = .disable
            return response
        }
        let directives = policy.lowercased().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        if directives.contains("public") {
            response.headers.remove(name: .setCookie)
            response.cookies = HTTPCookies()
            // Images are compressed already; deflating them again only costs time.
            let type = response.headers.first(name: .contentType) ?? ""
            response.headers.responseCompression = type.hasPrefix("image/") ? .disable : .enable
        } else {
            response.headers.responseCompression = .disable
        }
        return response
    }
}
