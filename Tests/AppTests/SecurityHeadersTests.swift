import Testing
import TestSupport
import Vapor
import VaporTesting

@Suite("Security headers on every response")
struct SecurityHeadersTests {
    static let expected: [String: String] = [
        "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; frame-src https://www.youtube-nocookie.com https://player.vimeo.com",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
        "X-Frame-Options": "DENY",
    ]

    @Test("pages, error pages, API errors, static files and operations endpoints all carry them",
          arguments: ["/en/", "/ar/nothing", "/api/v1/nothing", "/healthz", "/", "STATIC"])
    func headersEverywhere(path: String) async throws {
        try await withTestApp { app in
            let target = path == "STATIC" ? app.webContext.assets.url("build/app.css").value : path
            try await app.testing().test(.GET, target) { res in
                for (name, value) in Self.expected {
                    #expect(res.headers.first(name: name) == value, "\(name) on \(target)")
                }
                #expect(res.headers.first(name: "Permissions-Policy")?.contains("camera=()") == true)
                #expect(res.headers.first(name: "Strict-Transport-Security") == nil)
                #expect(res.headers.first(name: .xRequestId) != nil)
            }
        }
    }

    @Test("the CSP allows no inline code, eval or nonces")
    func cspIsStrict() {
        let csp = Self.expected["Content-Security-Policy"]!
        #expect(!csp.contains("unsafe-inline"))
        #expect(!csp.contains("unsafe-eval"))
        #expect(!csp.contains("nonce-"))
    }

    @Test("/api/docs runs Swagger UI from our files under the same policy, plus data: images; no other page allows them")
    func documentationPolicy() async throws {
        try await withTestApp { app in
            try await app.testing().test(.GET, "/api/docs") { res in
                #expect(res.status == .ok)
                #expect(res.headers.first(name: "Content-Security-Policy") == Self.expected["Content-Security-Policy"]! + "; img-src 'self' data:")
                #expect(res.body.string.contains("/static/build/vendor/swagger-ui/swagger-ui-bundle."))
                #expect(res.body.string.contains(#"data-contract="/api/openapi.yaml""#))
                #expect(!res.body.string.contains("<style") && !res.body.string.contains("style=\""))
            }
        }
    }

    @Test("production adds HSTS")
    func hstsInProduction() async throws {
        try await withTestApp(adjust: { $0.environment = .production; $0.baseURL = URL(string: "https://hills.example")! }) { app in
            try await app.testing().test(.GET, "/en/") { res in
                #expect(res.headers.first(name: "Strict-Transport-Security") == "max-age=63072000; includeSubDomains")
            }
        }
    }

    @Test("responses are no-store unless they opt in to caching")
    func noStoreByDefault() async throws {
        try await withTestApp { app in
            for path in ["/", "/healthz", "/ar/nothing", "/metrics"] {
                try await app.testing().test(.GET, path) { res in
                    #expect(res.headers.first(name: .cacheControl) == "no-store", "\(path)")
                }
            }
        }
    }
}

@Suite("Compression only for public responses")
struct CompressionTests {
    static func fetch(_ path: String, port: Int) async throws -> String {
        try await RawHTTP.exchange(Array("GET \(path) HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n".utf8), port: port)
    }

    @Test("public pages and static files are gzipped; private pages never are (BREACH)")
    func compression() async throws {
        try await withTestApp { app in
            let css = app.webContext.assets.url("build/app.css").value
            try await withRunningServer(app) { port in
                for path in ["/en/", css] {
                    let answer = try await Self.fetch(path, port: port).lowercased()
                    #expect(answer.contains("content-encoding: gzip"), "\(path) not compressed")
                }
                let privatePage = try await Self.fetch("/en/styleguide", port: port).lowercased()
                #expect(privatePage.hasPrefix("http/1.1 200"))
                #expect(!privatePage.contains("content-encoding"))
                #expect(!privatePage.contains("x-vapor-response-compression"))
            }
        }
    }
}
