@testable import App
import FluentKit
import Foundation
@testable import Jobs
import SQLKit
import Testing
import TestSupport
import Vapor

@Suite("Finished jobs: retention and cheap counting")
struct JobRetentionTests {
    /// Enqueues a job and puts it in `state`, finished `daysAgo` days before `now`.
    static func job(_ state: JobState, finishedDaysAgo days: Double, now: Date, on db: any Database) async throws -> UUID {
        let id = try #require(try await JobQueue.enqueue(NewJob(kind: NoopJob.kind), on: db, now: now))
        let sql = try #require(db as? any SQLDatabase)
        try await sql.raw("""
            UPDATE jobs SET state = \(bind: state.rawValue), finished_at = \(bind: now.addingTimeInterval(-days * 86_400)) WHERE id = \(bind: id)
            """).run()
        return id
    }

    @Test("succeeded jobs go after seven days and dead ones after thirty; pending and younger ones stay", arguments: TestDatabase.allCases)
    func retention(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let now = Date()
            let oldSuccess = try await Self.job(.succeeded, finishedDaysAgo: 8, now: now, on: app.db)
            let recentSuccess = try await Self.job(.succeeded, finishedDaysAgo: 6, now: now, on: app.db)
            let oldDead = try await Self.job(.dead, finishedDaysAgo: 31, now: now, on: app.db)
            let recentDead = try await Self.job(.dead, finishedDaysAgo: 8, now: now, on: app.db)
            let pending = try #require(try await JobQueue.enqueue(NewJob(kind: NoopJob.kind, idempotencyKey: "p"), on: app.db, now: now))

            #expect(try await JobQueue.purgeFinished(JobRetention(), on: app.db, now: now) == 2)

            let left = Set(try await JobRecord.query(on: app.db).all(\.$id))
            #expect(left == [recentSuccess, recentDead, pending])
            #expect(!left.contains(oldSuccess) && !left.contains(oldDead))
            #expect(try await JobQueue.purgeFinished(JobRetention(succeededDays: 1, deadDays: 1), on: app.db, now: now) == 2)
        }
    }

    @Test("the purge runs as a recurring job the app registers")
    func registered() async throws {
        try await withTestApp { app in
            #expect(app.jobHandlers.contains { $0.kind == PurgeFinishedJobs.kind })
            #expect(app.recurringJobs.contains { $0.name == PurgeFinishedJobs.kind })
        }
    }

    @Test("with 100,000 finished jobs, the scrape's count reads an index of state, not the table", arguments: TestDatabase.allCases)
    func metricsQueryUsesIndex(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let sql = try #require(app.db as? any SQLDatabase)
            let plan: [String]
            if sql.dialect.name == "postgresql" {
                try await sql.raw("""
                    INSERT INTO jobs (id, kind, queue, payload, priority, state, attempts, max_attempts, run_at, created_at, updated_at, finished_at)
                    SELECT md5(i::text)::uuid, 'system.noop', 'default', '{}', 0, 'succeeded', 1, 1, now(), now(), now(), now()
                    FROM generate_series(1, 100000) AS i
                    """).run()
                try await sql.raw("ANALYZE jobs").run()
                plan = try await sql.raw("EXPLAIN \(JobQueue.countQuery(unfinishedOnly: true))").all()
                    .map { try $0.decode(column: "QUERY PLAN", as: String.self) }
            } else {
                try await sql.raw("""
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
                    INSERT INTO jobs (id, kind, queue, payload, priority, state, attempts, max_attempts, run_at, created_at, updated_at, finished_at)
                    SELECT randomblob(16), 'system.noop', 'default', '{}', 0, 'succeeded', 1, 1, 0, 0, 0, 0 FROM n
                    """).run()
                try await sql.raw("ANALYZE").run()
                plan = try await sql.raw("EXPLAIN QUERY PLAN \(JobQueue.countQuery(unfinishedOnly: true))").all()
                    .map { try $0.decode(column: "detail", as: String.self) }
            }
            let text = plan.joined(separator: "\n")
            #expect(text.contains("jobs_claim") || text.contains("jobs_finished"), "\(text)")
            #expect(!text.contains("Seq Scan on jobs") && !text.contains("SCAN jobs\n") && !text.hasSuffix("SCAN jobs"), "\(text)")
            #expect(try await JobQueue.unfinishedCounts(on: app.db).isEmpty)
        }
    }
}
