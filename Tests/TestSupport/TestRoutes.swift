import App
import Core
import SQLKit
import Vapor
import Web

/// Routes that exercise the framework's mechanics (forms, sessions, error kinds) where the product
/// has no such page yet. They are registered only by the tests that ask for them.
public enum TestRoutes {
    struct FormInput: Content {
        var name: String
    }

    struct EchoInput: Content {
        var name: String
    }

    public static func register(_ app: Application) throws {
        let html = app.htmlRoutes
        // A page with a form: hands out the CSRF token (and so starts a session).
        html.get("test-form") { req -> String in req.csrfToken() }
        // The form's target: a validation failure for an empty name, else ok.
        html.post("test-form") { req -> String in
            let input = try req.content.decode(FormInput.self)
            guard !input.name.isEmpty else { throw ValidationFailure(["name": "Enter a name."]) }
            return "ok \(input.name)"
        }
        // A page that reads the session without changing it.
        html.get("test-session") { req -> String in req.existingWebSession?["csrf"] ?? "none" }
        // A page that ends the session.
        html.post("test-sign-out") { req -> String in
            req.existingWebSession?.invalidate()
            return "bye"
        }
        // A public page that (wrongly) touches the session: the cache policy must strip the cookie.
        html.get("test-public-session") { req -> Response in
            _ = req.csrfToken()
            let response = Response(status: .ok, body: "public")
            response.markPublic(maxAge: 60)
            return response
        }
        // An API endpoint: JSON in, problem+json for every failure.
        app.post("api", "test-echo") { req -> String in
            let input = try req.content.decode(EchoInput.self)
            guard !input.name.isEmpty else { throw ValidationFailure(["name": "Enter a name."]) }
            return input.name
        }
        // An unexpected failure, to prove a 500 leaks nothing.
        app.get("test-crash") { _ -> String in
            struct Internal: Error { let secret = "database password is hunter2" }
            throw Internal()
        }
        // A database error that quotes a value (PostgreSQL's unique-violation detail), to prove
        // the log of a 500 carries the SQLSTATE and constraint but not the value.
        app.get("test-duplicate") { req async throws -> String in
            guard let sql = req.db as? any SQLDatabase else { throw Abort(.internalServerError) }
            try await sql.raw("CREATE TABLE IF NOT EXISTS test_unique (value VARCHAR(100), CONSTRAINT test_unique_value UNIQUE (value))").run()
            for _ in 0..<2 { try await sql.raw("INSERT INTO test_unique (value) VALUES (\(bind: "SECRET-VALUE-42"))").run() }
            return "unreachable"
        }
        // A rate-limited failure, to prove 429 carries Retry-After.
        app.get("api", "test-limited") { _ -> String in
            struct Limited: DomainError {
                var kind: ErrorKind { .rateLimited(retryAfterSeconds: 30) }
                var messageKey: String { "You have tried too often. Please wait a moment and try again." }
            }
            throw Limited()
        }
    }
}
