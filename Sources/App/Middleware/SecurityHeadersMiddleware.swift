import Vapor

/// Security headers on every response, error pages and static files included.
///
/// The CSP allows no inline script or style at all and uses no nonces, so a cached public page
/// stays valid for every visitor; behaviour comes from our own script files.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    let strictTransportSecurity: Bool
    let contentSecurityPolicy: String
    /// `/api/docs` alone also allows `data:` images: Swagger UI's stylesheet draws its arrows and
    /// checkboxes with them. Images cannot run code; scripts and styles stay as strict.
    let documentationPolicy: String
    static let documentationPath = "/api/docs"

    /// - Parameter mediaOrigin: the S3-compatible store presigned previews come from, when uploads live in one.
    init(strictTransportSecurity: Bool, analyticsOrigin: String?, mediaOrigin: String? = nil) {
        self.strictTransportSecurity = strictTransportSecurity
        self.contentSecurityPolicy = Self.contentSecurityPolicy(analyticsOrigin: analyticsOrigin, mediaOrigin: mediaOrigin)
        self.documentationPolicy = Self.contentSecurityPolicy(analyticsOrigin: nil) + "; img-src 'self' data:"
    }

    /// The policy; the analytics server is named only when one is configured (its script runs
    /// only after consent, but the policy is the same for every visitor so pages stay cacheable).
    static func contentSecurityPolicy(analyticsOrigin: String?, mediaOrigin: String? = nil) -> String {
        let extra = analyticsOrigin.map { " " + $0 } ?? ""
        var directives = [
            "default-src 'self'", "script-src 'self'\(extra)", "style-src 'self'", "object-src 'none'",
            "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
            // Video blocks embed these players only.
            "frame-src https://www.youtube-nocookie.com https://player.vimeo.com",
        ]
        if analyticsOrigin != nil { directives.insert("connect-src 'self'\(extra)", at: 2) }
        if let mediaOrigin { directives.insert("img-src 'self' \(mediaOrigin)", at: 1) }
        return directives.joined(separator: "; ")
    }

    static let permissionsPolicy = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        let headers = [
            ("Content-Security-Policy", request.url.path == Self.documentationPath ? documentationPolicy : contentSecurityPolicy),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "strict-origin-when-cross-origin"),
            ("Permissions-Policy", Self.permissionsPolicy),
            ("Cross-Origin-Opener-Policy", "same-origin"),
            ("X-Frame-Options", "DENY"),
        ]
        for (name, value) in headers {
            response.headers.replaceOrAdd(name: name, value: value)
        }
        if strictTransportSecurity {
            response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains")
        }
        return response
    }
}
