import App
import Core
import Foundation
import Logging
import Testing
import TestSupport
import Vapor

@Suite("Logs are JSON lines without secrets")
struct LoggingTests {
    @Test("the access log keeps the path and drops query, cookies and Authorization")
    func noSecretsInAccessLog() async throws {
        let capture = LogCapture()
        try await withTestApp { app in
            app.logger = capture.logger()
            try await withRunningServer(app) { port in
                let request = "GET /en/?token=QUERYSECRET HTTP/1.1\r\nHost: x\r\nCookie: hc_session=COOKIESECRET\r\nAuthorization: Bearer AUTHSECRET\r\nConnection: close\r\n\r\n"
                let answer = try await RawHTTP.exchange(Array(request.utf8), port: port)
                #expect(RawHTTP.statusCodes(in: answer) == [200])
            }
        }
        let log = capture.text
        #expect(log.contains("\"path\":\"/en/\""))
        for secret in ["QUERYSECRET", "COOKIESECRET", "AUTHSECRET"] {
            #expect(!log.contains(secret), "\(secret) leaked into the log")
        }
    }

    @Test("every line is one JSON object with a request id")
    func linesAreJSON() async throws {
        try await withTestApp { app in
            let capture = LogCapture()
            app.logger = capture.logger()
            try await withRunningServer(app) { port in
                _ = try await RawHTTP.exchange(Array("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8), port: port)
            }
            let requestLines = capture.all.filter { $0.contains("\"msg\":\"request\"") }
            #expect(requestLines.count == 1)
            for line in capture.all {
                #expect(line.hasSuffix("}\n") && !line.dropLast().contains("\n"))
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                #expect(object?["level"] != nil && object?["ts"] != nil)
            }
            let request = try JSONSerialization.jsonObject(with: Data(try #require(requestLines.first).utf8)) as? [String: Any]
            #expect((request?["request-id"] as? String)?.count == 36)
        }
    }

    @Test("metadata named like a secret is redacted")
    func redaction() {
        let capture = LogCapture()
        let logger = capture.logger()
        logger.info("login", metadata: ["password": "hunter2", "api_token": "abc", "user": "layla", "Authorization": "Bearer x",
                                        "binds": "[csrf-value]"])
        let line = capture.text
        #expect(!line.contains("hunter2") && !line.contains("\"abc\"") && !line.contains("Bearer x") && !line.contains("csrf-value"))
        #expect(line.contains("\"user\":\"layla\""))
    }
}

@Suite("No SQL in the logs")
struct SQLLoggingTests {
    @Test("even at trace level, the values bound into SQL are not logged", arguments: TestDatabase.allCases)
    func noSQL(database: TestDatabase) async throws {
        let capture = LogCapture()
        try await withTestApp(database, routes: TestRoutes.register) { app in
            app.logger = capture.logger(level: .trace)
            try await withRunningServer(app) { port in
                let answer = try await RawHTTP.exchange(Array("GET /test-form HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8), port: port)
                let token = try #require(answer.components(separatedBy: "\r\n\r\n").last)
                #expect(SecureToken.isWellFormed(token))
                #expect(!capture.text.contains(token), "the CSRF token reached the log")
            }
        }
    }
}

@Suite("Nothing secret in any log line, at any level")
struct TraceLoggingTests {
    static let secrets = ["COOKIESECRET", "AUTHSECRET", "PASSWORDSECRET1", "918273", "REFRESHSECRETREFRESHSECRETREFRESHSECRET1234"]

    static func hex(_ text: String) -> String { text.utf8.map { String(format: "%02x", $0) }.joined() }

    static func post(_ path: String, contentType: String, body: String) -> [UInt8] {
        Array(("POST \(path) HTTP/1.1\r\nHost: x\r\nCookie: hc_session=COOKIESECRET\r\nAuthorization: Bearer AUTHSECRET\r\n"
            + "Content-Type: \(contentType)\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)").utf8)
    }

    @Test("at trace level, cookies, bearer tokens, passwords, codes and refresh tokens reach no log line, as text or hex; a 500 logs SQLSTATE and constraint, not the value",
          arguments: TestDatabase.allCases)
    func traceLevel(database: TestDatabase) async throws {
        let capture = LogCapture()
        try await withTestApp(database, routes: TestRoutes.register) { app in
            app.logger = capture.logger(level: .trace)
            try await withRunningServer(app) { port in
                let form = "email=sara%40example.org&password=PASSWORDSECRET1&code=918273"
                _ = try await RawHTTP.exchange(Self.post("/en/account/sign-in", contentType: "application/x-www-form-urlencoded", body: form), port: port)
                _ = try await RawHTTP.exchange(Self.post("/en/account/sign-in/code", contentType: "application/x-www-form-urlencoded", body: "code=918273"), port: port)
                let json = #"{"grant_type":"refresh_token","refresh_token":"REFRESHSECRETREFRESHSECRETREFRESHSECRET1234"}"#
                _ = try await RawHTTP.exchange(Self.post("/api/v1/auth/token", contentType: "application/json", body: json), port: port)
                let crash = try await RawHTTP.exchange(Array("GET /test-duplicate HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8), port: port)
                #expect(RawHTTP.statusCodes(in: crash) == [500])
            }
        }
        let log = capture.text
        #expect(log.contains("\"level\":\"trace\""), "the trace level really was on")
        for secret in Self.secrets {
            #expect(!log.contains(secret) && !log.lowercased().contains(Self.hex(secret)), "\(secret) leaked into the log")
        }
        #expect(!log.contains("SECRET-VALUE-42"))
        let crash = try #require(capture.all.first { $0.contains("unhandled error") })
        if database == .postgres {
            #expect(crash.contains("23505") && crash.contains("test_unique_value"), "\(crash)")
        } else {
            #expect(crash.contains("UNIQUE constraint failed"), "\(crash)")
        }
    }
}
