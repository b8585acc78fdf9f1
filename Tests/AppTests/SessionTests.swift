@testable import App
import Core
import Jobs
import Fluent
import Testing
import TestSupport
import Vapor
import VaporTesting

@Suite("Database sessions and CSRF")
struct SessionTests {
    /// Starts a session through the test form page; returns the cookie pair and the CSRF token.
    static func startSession(_ app: Application) async throws -> (cookie: String, token: String) {
        var result: (String, String)?
        try await app.testing().test(.GET, "/test-form") { res in
            let setCookie = try #require(res.setCookie(named: "hc_session"))
            result = (String(setCookie.prefix { $0 != ";" }), res.text)
        }
        return try #require(result)
    }

    @Test("an anonymous visitor gets no session and no cookie", arguments: TestDatabase.allCases)
    func lazySessions(database: TestDatabase) async throws {
        try await withTestApp(database, routes: TestRoutes.register) { app in
            try await app.testing().test(.GET, "/test-session") { res in
                #expect(res.text == "none")
                #expect(res.headers[.setCookie].isEmpty)
            }
            #expect(try await SessionRecord.query(on: app.db).count() == 0)
        }
    }

    @Test("a session cookie is HttpOnly and SameSite, and only its hash is stored", arguments: TestDatabase.allCases)
    func cookieAndHash(database: TestDatabase) async throws {
        try await withTestApp(database, routes: TestRoutes.register) { app in
            let (cookie, token) = try await Self.startSession(app)
            let value = String(cookie.dropFirst("hc_session=".count))
            let hashes = try await SessionRecord.query(on: app.db).all().map(\.keyHash)
            #expect(hashes.contains(SecureToken.hash(value)))
            #expect(!hashes.contains(value))
            try await app.testing().test(.GET, "/test-session", headers: ["Cookie": cookie]) { res in
                #expect(res.text == token)
            }
        }
    }

    @Test("the cookie carries HttpOnly, SameSite=Lax and Path=/", arguments: TestDatabase.allCases)
    func cookieFlags(database: TestDatabase) async throws {
        try await withTestApp(database, routes: TestRoutes.register) { app in
            try await app.testing().test(.GET, "/test-form") { res in
                let header = try #require(res.setCookie(named: "hc_session")).lowercased()
                #expect(header.contains("httponly"))
                #expect(header.contains("samesite=lax"))
                #expect(header.contains("path=/"))
                #expect(!header.contains("secure"))
            }
        }
    }

    @Test("over HTTPS the cookie is Secure and __Host- prefixed")
    func secureCookie() async throws {
        try await withTestApp(adjust: { $0.baseURL = URL(string: "https://hills.example")! }, routes: TestRoutes.register) { app in
            try await app.testing().test(.GET, "/test-form") { res in
                let header = try #require(res.setCookie(named: "__Host-hc_session")).lowercased()
                #expect(header.contains("secure"))
            }
        }
    }

    @Test("the app's own forms over HTTPS get the Secure __Host- cookie too (not only routes added later)")
    func secureCookieOnProductRoutes() async throws {
        try await withTestApp(adjust: { $0.baseURL = URL(string: "https://hills.example")! }) { app in
            try await app.testing().test(.GET, "/en/account/sign-in") { res in
                #expect(res.setCookie(named: "hc_session") == nil)
                let header = try #require(res.setCookie(named: "__Host-hc_session")).lowercased()
                #expect(header.contains("secure"))
            }
        }
    }

    @Test("an unknown or malformed cookie is expired, not replaced", arguments: TestDatabase.allCases)
    func bogusCookie(database: TestDatabase) async throws {
        try await withTestApp(database, routes: TestRoutes.register) { app in
            for value in [SecureToken.generate(), "%%%", "a;b", String(repeating: "x", count: 5000)] {
                try await app.testing().test(.GET, "/test-session", headers: ["Cookie": "hc_session=\(value)"]) { res in
                    #expect(res.status == .ok)
                    #expect(res.text == "none")
                }
            }
            #expect(try await SessionRecord.query(on: app.db).count() == 0)
        }
    }

    @Test("ending a session deletes it and expires the cookie", arguments: TestDatabase.allCases)
    func signOut(database: TestDatabase) async throws {
        try await withTestApp(database, routes: TestRoutes.register) { app in
            let (cookie, token) = try await Self.startSession(app)
            var headers = HTTPHeaders.form(cookie: cookie)
            headers.add(name: "X-CSRF-Token", value: token)
            try await app.testing().test(.POST, "/test-sign-out", headers: headers) { res in
                #expect(res.text == "bye")
                #expect(res.setCookie(named: "hc_session")?.lowercased().contains("max-age=0") == true)
            }
            #expect(try await SessionRecord.query(on: app.db).count() == 0)
        }
    }

    @Test("a form without a valid CSRF token is refused with a friendly 403", arguments: TestDatabase.allCases)
    func csrfRefused(database: TestDatabase) async throws {
        try await withTestApp(database, routes: TestRoutes.register) { app in
            let (cookie, token) = try await Self.startSession(app)
            let attempts: [(String?, String)] = [
                (nil, "name=Layla"),
                (cookie, "name=Layla"),
                (cookie, "name=Layla&csrf_token=\(SecureToken.generate())"),
                (nil, "name=Layla&csrf_token=\(token)"),
            ]
            for (cookie, body) in attempts {
                try await app.testing().test(.POST, "/test-form", headers: .form(cookie: cookie), body: ByteBuffer(string: body)) { res in
                    #expect(res.status == .forbidden)
                    #expect(res.text.contains("This form has expired or was sent from another site"))
                }
            }
        }
    }

    @Test("a form with the session's CSRF token goes through", arguments: TestDatabase.allCases)
    func csrfAccepted(database: TestDatabase) async throws {
        try await withTestApp(database, routes: TestRoutes.register) { app in
            let (cookie, token) = try await Self.startSession(app)
            try await app.testing().test(.POST, "/test-form", headers: .form(cookie: cookie),
                                         body: ByteBuffer(string: "name=Layla&csrf_token=\(token)")) { res in
                #expect(res.status == .ok)
                #expect(res.text == "ok Layla")
            }
            try await app.testing().test(.POST, "/test-form", headers: .form(cookie: cookie),
                                         body: ByteBuffer(string: "name=&csrf_token=\(token)")) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("Enter a name."))
                #expect(!res.text.contains("<strong>name</strong>"), "no raw field keys on the page")
            }
        }
    }

    @Test("a public response never carries Set-Cookie")
    func publicStripsCookies() async throws {
        try await withTestApp(routes: TestRoutes.register) { app in
            try await app.testing().test(.GET, "/test-public-session") { res in
                #expect(res.headers.first(name: .cacheControl) == "public, max-age=60")
                #expect(res.headers[.setCookie].isEmpty)
            }
        }
    }
}

@Suite("Expired sessions")
struct ExpiredSessionTests {
    @Test("an expired session is not used and its row is deleted", arguments: TestDatabase.allCases)
    func expired(database: TestDatabase) async throws {
        try await withTestApp(database, routes: TestRoutes.register) { app in
            let (cookie, _) = try await SessionTests.startSession(app)
            try await SessionRecord.query(on: app.db).set(\.$expiresAt, to: Date(timeIntervalSinceNow: -60)).update()
            try await app.testing().test(.GET, "/test-session", headers: ["Cookie": cookie]) { res in
                #expect(res.text == "none")
                #expect(res.setCookie(named: "hc_session")?.lowercased().contains("max-age=0") == true)
            }
            #expect(try await SessionRecord.query(on: app.db).count() == 0)
        }
    }
}

@Suite("Purging expired sessions")
struct SessionPurgeTests {
    @Test("the recurring purge deletes expired rows and keeps live ones", arguments: TestDatabase.allCases)
    func purge(database: TestDatabase) async throws {
        try await withTestApp(database, routes: TestRoutes.register) { app in
            _ = try await SessionTests.startSession(app)
            _ = try await SessionTests.startSession(app)
            let rows = try await App.SessionRecord.query(on: app.db).all()
            try await App.SessionRecord.query(on: app.db).filter(\.$id == rows[0].id!).set(\.$expiresAt, to: Date(timeIntervalSinceNow: -1)).update()
            let purge = try #require(app.recurringJobs.first { $0.name == "sessions.purge" })
            let worker = app.makeWorker()
            #expect(try await RecurringJobs.enqueueDue([purge], on: app.db) == 1)
            #expect(try await worker.runOnce())
            let left: [UUID?] = try await App.SessionRecord.query(on: app.db).all().map { $0.id }
            #expect(left == [rows[1].id])
        }
    }
}
