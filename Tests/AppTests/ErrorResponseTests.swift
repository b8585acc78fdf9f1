@testable import App
import Foundation
import Testing
import TestSupport
import Vapor
import VaporTesting

@Suite("Errors become friendly pages or problem+json")
struct ErrorResponseTests {
    @Test("a 404 page is in the path's language and shows the request id")
    func notFoundPage() async throws {
        try await withTestApp { app in
            try await app.testing().test(.GET, "/ar/no-such-page") { res in
                #expect(res.status == .notFound)
                #expect(res.headers.contentType == .html)
                let id = try #require(res.headers.first(name: .xRequestId))
                #expect(res.text.contains("<html lang=\"ar\" dir=\"rtl\">"))
                #expect(res.text.contains("الصفحة غير موجودة"))
                #expect(res.text.contains(id))
                #expect(res.text.contains("<meta name=\"robots\" content=\"noindex\">"))
            }
        }
    }

    @Test("API errors are RFC 9457 problem documents")
    func apiNotFound() async throws {
        try await withTestApp { app in
            try await app.testing().test(.GET, "/api/v1/nothing", headers: ["Accept-Language": "ru"]) { res in
                #expect(res.status == .notFound)
                #expect(res.headers.first(name: .contentType) == "application/problem+json; charset=utf-8")
                let problem = try JSONSerialization.jsonObject(with: Data(res.text.utf8)) as? [String: Any]
                #expect(problem?["status"] as? Int == 404)
                #expect(problem?["type"] as? String == "about:blank")
                #expect(problem?["instance"] as? String == "/api/v1/nothing")
                #expect(problem?["detail"] as? String == "Запрошенная страница не существует или была перемещена.")
                #expect(problem?["request_id"] as? String == res.headers.first(name: .xRequestId))
            }
        }
    }

    @Test("a wrong method is 405 with Allow")
    func methodNotAllowed() async throws {
        try await withTestApp { app in
            try await app.testing().test(.DELETE, "/en/") { res in
                #expect(res.status == .methodNotAllowed)
                #expect(res.headers.first(name: .allow) == "GET, HEAD")
            }
            try await app.testing().test(.POST, "/healthz") { res in
                #expect(res.status == .methodNotAllowed)
            }
        }
    }

    @Test("a body over the limit is 413")
    func tooLarge() async throws {
        try await withTestApp(routes: TestRoutes.register) { app in
            // Just over the 1 MB limit: a larger body only lengthens the upload the client must finish.
            let body = ByteBuffer(string: "{\"name\":\"" + String(repeating: "x", count: 1_100_000) + "\"}")
            try await app.testing(method: .running(port: 0)).test(.POST, "/api/test-echo", headers: ["Content-Type": "application/json"], body: body) { res in
                #expect(res.status == .payloadTooLarge)
                #expect(res.headers.first(name: .contentType)?.hasPrefix("application/problem+json") == true)
            }
        }
    }

    @Test("an unsupported content type is 415")
    func unsupportedMediaType() async throws {
        try await withTestApp(routes: TestRoutes.register) { app in
            try await app.testing().test(.POST, "/api/test-echo", headers: ["Content-Type": "application/x-unknown"],
                                         body: ByteBuffer(string: "<name>x</name>")) { res in
                #expect(res.status == .unsupportedMediaType)
            }
        }
    }

    @Test("invalid input is 422 with the field named")
    func unprocessable() async throws {
        try await withTestApp(routes: TestRoutes.register) { app in
            try await app.testing().test(.POST, "/api/test-echo", headers: ["Content-Type": "application/json"],
                                         body: ByteBuffer(string: "{\"name\":\"\"}")) { res in
                #expect(res.status == .unprocessableEntity)
                let problem = try JSONSerialization.jsonObject(with: Data(res.text.utf8)) as? [String: Any]
                let errors = problem?["errors"] as? [[String: String]]
                #expect(errors?.first?["field"] == "name")
            }
        }
    }

    @Test("rate limiting is 429 with Retry-After")
    func rateLimited() async throws {
        try await withTestApp(routes: TestRoutes.register) { app in
            try await app.testing().test(.GET, "/api/test-limited") { res in
                #expect(res.status == .tooManyRequests)
                #expect(res.headers.first(name: .retryAfter) == "30")
            }
        }
    }

    @Test("an unexpected error is a 500 that reveals nothing")
    func internalError() async throws {
        try await withTestApp(routes: TestRoutes.register) { app in
            try await app.testing().test(.GET, "/test-crash") { res in
                #expect(res.status == .internalServerError)
                #expect(!res.text.contains("hunter2"))
                #expect(res.text.contains("Something went wrong on our side"))
            }
        }
    }
}

@Suite("Errors during shutdown")
struct ShutdownErrorTests {
    @Test("a request that fails after shutdown has cleared the application answers 503 instead of crashing the process")
    func failureAfterShutdown() async throws {
        let app = try await Application.make(.testing)
        let request = Request(application: app, on: app.eventLoopGroup.next())
        // As a request whose client never sent its body finds the application once shutdown is done.
        try await app.asyncShutdown()
        struct BodyNeverCame: Error {}
        let response = ErrorResponseMiddleware().render(BodyNeverCame(), for: request)
        #expect(response.status == .serviceUnavailable)
    }
}

@Suite("What a 500 logs")
struct ErrorLogDescriptionTests {
    /// Stands for a dependency's error that prints a value it carries (a column that failed to decode).
    struct ForeignDecodingFailure: Error, CustomStringConvertible {
        let raw = "SECRET-COLUMN-VALUE"
        var description: String { "could not decode \(raw)" }
    }

    @Test("an error of another library is logged by its type, ours and Vapor's as they describe themselves")
    func typeOnlyForOthers() {
        let foreign = ErrorLogDescription.describe(ForeignDecodingFailure())
        #expect(foreign.hasSuffix("ForeignDecodingFailure") && !foreign.contains("SECRET"))
        #expect(ErrorLogDescription.describe(Abort(.internalServerError, reason: "the disk is full")).contains("the disk is full"))
    }
}
