import Testing
import TestSupport
import Vapor
import VaporTesting

@Suite("Static files under content-hashed names")
struct StaticAssetsTests {
    @Test("a hashed asset is served for a year, immutable")
    func hashedAsset() async throws {
        try await withTestApp { app in
            let url = app.webContext.assets.url("build/fonts/noto-sans-latin-400.woff2").value
            #expect(url.range(of: #"^/static/build/fonts/noto-sans-latin-400\.[0-9a-f]{10}\.woff2$"#, options: .regularExpression) != nil)
            try await app.testing().test(.GET, url) { res in
                #expect(res.status == .ok)
                #expect(res.headers.first(name: .cacheControl) == "public, max-age=31536000, immutable")
                #expect(res.body.readableBytes > 10_000)
            }
        }
    }

    @Test("the stylesheet points at the fonts' hashed names")
    func stylesheetRewritten() async throws {
        try await withTestApp { app in
            let css = app.webContext.assets.url("build/app.css").value
            let font = app.webContext.assets.url("build/fonts/noto-sans-arabic-400.woff2").value
            try await app.testing().test(.GET, css) { res in
                #expect(res.status == .ok)
                #expect(res.headers.first(name: .contentType) == "text/css; charset=utf-8")
                #expect(res.headers.first(name: .cacheControl) == "public, max-age=31536000, immutable")
                #expect(res.text.contains("url(\(font))"))
                #expect(!res.text.contains("url(fonts/"))
            }
        }
    }

    @Test("unhashed, stale and traversing names are not served", arguments: [
        "/static/build/app.css", "/static/build/app.0000000000.css", "/static/../Package.swift",
        "/static/%2e%2e/Package.swift", "/css/site.css", "/Package.swift",
    ])
    func refused(path: String) async throws {
        try await withTestApp { app in
            try await app.testing().test(.GET, path) { res in
                #expect(res.status == .notFound)
            }
        }
    }

    @Test("pages link their stylesheet by its hashed name")
    func pagesUseHashedNames() async throws {
        try await withTestApp { app in
            let url = app.webContext.assets.url("build/app.css").value
            try await app.testing().test(.GET, "/ru/") { res in
                #expect(res.text.contains("<link rel=\"stylesheet\" href=\"\(url)\">"))
            }
        }
    }

    @Test("an out-of-range request for a real asset is 416, not an error")
    func badRange() async throws {
        try await withTestApp { app in
            let url = app.webContext.assets.url("favicon.svg").value
            try await withRunningServer(app) { port in
                let answer = try await RawHTTP.exchange(Array("GET \(url) HTTP/1.1\r\nHost: x\r\nRange: bytes=999999-1\r\nConnection: close\r\n\r\n".utf8), port: port)
                let codes = RawHTTP.statusCodes(in: answer)
                #expect(codes.count == 1 && codes.allSatisfy { $0 < 500 }, "\(codes)")
            }
        }
    }
}
