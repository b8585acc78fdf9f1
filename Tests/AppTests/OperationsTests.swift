import Fluent
import Jobs
import Testing
import TestSupport
import Vapor
import VaporTesting

@Suite("Health, readiness and metrics")
struct OperationsTests {
    @Test("healthz answers while the process is alive")
    func healthz() async throws {
        try await withTestApp { app in
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
        try await withTestApp { app in
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

@Suite("Operations endpoints behind the metrics token")
struct OperationsTokenTests {
    static let token = String(repeating: "5f", count: 20)

    @Test("with HC_METRICS_TOKEN set, /metrics wants it as a bearer token and /readyz tells strangers only ready or not",
          arguments: TestDatabase.allCases)
    func tokenRequired(database: TestDatabase) async throws {
        try await withTestApp(database, adjust: { $0.metricsToken = Self.token }) { app in
            let tester = try app.testing()
            let anonymous = try await tester.sendRequest(.GET, "/metrics")
            #expect(anonymous.status == .unauthorized && anonymous.headers.first(name: .wwwAuthenticate)?.hasPrefix("Bearer") == true)
            #expect(!anonymous.text.contains("hc_"))
            let wrong = try await tester.sendRequest(.GET, "/metrics", headers: ["Authorization": "Bearer " + String(repeating: "5e", count: 20)])
            #expect(wrong.status == .unauthorized)
            let right = try await tester.sendRequest(.GET, "/metrics", headers: ["Authorization": "Bearer \(Self.token)"])
            #expect(right.status == .ok && right.text.contains("hc_audit_head_seq"))

            try await app.autoRevert()
            let stranger = try await tester.sendRequest(.GET, "/readyz")
            #expect(stranger.status == .serviceUnavailable && stranger.text == "not ready\n")
            let operatorView = try await tester.sendRequest(.GET, "/readyz", headers: ["Authorization": "Bearer \(Self.token)"])
            #expect(operatorView.status == .serviceUnavailable && operatorView.text.contains("migrations pending"))
            try await app.autoMigrate()
            #expect(try await tester.sendRequest(.GET, "/readyz").text == "ready\n")
        }
    }
}

@Suite("Queue gauges")
struct QueueGaugeTests {
    @Test("a queue whose last job finished reports zero, not its last count", arguments: TestDatabase.allCases)
    func emptiedQueue(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let queue = "gauge-\(database)"
            let id = try #require(try await JobQueue.enqueue(NewJob(kind: NoopJob.kind, queue: queue), on: app.db))
            let line = "hc_jobs{queue=\"\(queue)\",state=\"pending\"}"
            #expect(try await app.testing().sendRequest(.GET, "/metrics").text.contains("\(line) 1"))
            try await JobRecord.query(on: app.db).filter(\.$id == id).delete()
            #expect(try await app.testing().sendRequest(.GET, "/metrics").text.contains("\(line) 0"))
        }
    }
}
