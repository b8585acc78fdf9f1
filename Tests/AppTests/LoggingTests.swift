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
        try await withTestApp(.sqlite) { app in
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
        let capture = LogCapture()
        try await withTestApp(.sqlite) { app in
            app.logger = capture.logger()
            try await withRunningServer(app) { port in
                _ = try await RawHTTP.exchange(Array("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8), port: port)
            }
        }
        let requestLines = capture.all.filter { $0.contains("\"msg\":\"request\"") }
        #expect(requestLines.count == 1)
        for line in capture.all {
            #expect(line.hasSuffix("}\n") && !line.dropLast().contains("\n"))
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["level"] != nil && object?["ts"] != nil)
        }
        let request = try JSONSerialization.jsonObject(with: Data(requestLines[0].utf8)) as? [String: Any]
        #expect((request?["request-id"] as? String)?.count == 36)
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
