import Fluent
import Testing
import TestSupport
import Vapor
import VaporTesting

@Suite("Health, readiness and metrics")
struct OperationsTests {
    @Test("healthz answers while the process is alive")
    func healthz() async throws {
        try await withTestApp(.sqlite) { app in
            try await app.testing().test(.GET, "/healthz") { res in
                #expect(res.status == .ok)
                #expect(res.text == "ok\n")
            }
        }
    }

    @Test("readyz is 200 on a migrated database", arguments: TestDatabase.allCases)
    func ready(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            try await app.testing().test(.GET, "/readyz") { res in
                #expect(res.status == .ok)
                #expect(res.text == "ready\n")
            }
        }
    }

    @Test("readyz is 503 while migrations are pending, and migrations revert cleanly", arguments: TestDatabase.allCases)
    func pendingMigrations(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            try await app.autoRevert()
            try await app.testing().test(.GET, "/readyz") { res in
                #expect(res.status == .serviceUnavailable)
                #expect(res.text.contains("migrations pending"))
            }
            try await app.autoMigrate()
            try await app.testing().test(.GET, "/readyz") { res in
                #expect(res.status == .ok)
            }
        }
    }

    @Test("metrics expose request counts by route and our own hc_ metrics")
    func metrics() async throws {
        try await withTestApp(.sqlite) { app in
            let tester = try app.testing()
            try await tester.test(.GET, "/en/")
            try await tester.test(.GET, "/missing-page")
            try await tester.test(.GET, "/metrics") { res in
                #expect(res.status == .ok)
                #expect(res.headers.first(name: .contentType)?.hasPrefix("text/plain; version=0.0.4") == true)
                #expect(res.text.contains("http_requests_total{method=\"GET\",path=\"/:locale\",status=\"200\"}"))
                #expect(res.text.contains("http_request_duration_seconds_bucket{method=\"GET\",path=\"/:locale\""))
                #expect(res.text.contains("hc_error_responses_total{status=\"404\"}"))
            }
        }
    }
}
