import FluentKit
import Foundation
import Jobs
import SQLKit
import Testing
import TestSupport
import Vapor

@Suite("The durable job queue")
struct JobQueueTests {
    static func job(_ kind: String = NoopJob.kind, queue: String = "default", priority: Int = 0, maxAttempts: Int = 3,
                    runAt: Date? = nil, key: String? = nil) -> NewJob {
        NewJob(kind: kind, queue: queue, priority: priority, maxAttempts: maxAttempts, runAt: runAt, idempotencyKey: key)
    }

    @Test("a job enqueued in a rolled-back transaction does not exist", arguments: TestDatabase.allCases)
    func rollback(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            struct Rollback: Error {}
            await #expect(throws: Rollback.self) {
                try await app.db.transaction { tx in
                    try await JobQueue.enqueue(Self.job(), on: tx)
                    throw Rollback()
                }
            }
            #expect(try await JobRecord.query(on: app.db).count() == 0)
            try await app.db.transaction { tx in _ = try await JobQueue.enqueue(Self.job(), on: tx) }
            #expect(try await JobRecord.query(on: app.db).count() == 1)
        }
    }

    @Test("claim, then complete with the lease's token", arguments: TestDatabase.allCases)
    func claimAndComplete(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let id = try #require(try await JobQueue.enqueue(Self.job(), on: app.db))
            // An hour's lease: a full run on two cores once took longer than 30 s between these two claims.
            let claimed = try #require(try await JobQueue.claim(queues: ["default"], leaseDuration: 3600, on: app.db))
            #expect(claimed.id == id && claimed.attempt == 1)
            #expect(try await JobQueue.claim(queues: ["default"], leaseDuration: 3600, on: app.db) == nil, "a leased job is not claimed twice")
            try await JobQueue.complete(claimed, on: app.db)
            let record = try #require(try await JobRecord.find(id, on: app.db))
            #expect(record.state == .succeeded && record.leaseToken == nil && record.finishedAt != nil)
        }
    }

    @Test("an expired lease lets another worker take the job, and the first can no longer finish it", arguments: TestDatabase.allCases)
    func expiredLease(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            try await JobQueue.enqueue(Self.job(), on: app.db)
            let start = Date()
            let first = try #require(try await JobQueue.claim(queues: ["default"], leaseDuration: 10, on: app.db, now: start))
            let second = try #require(try await JobQueue.claim(queues: ["default"], leaseDuration: 10, on: app.db,
                                                               now: start.addingTimeInterval(11)))
            #expect(second.id == first.id && second.attempt == 2 && second.leaseToken != first.leaseToken)
            await #expect(throws: JobsError.leaseLost) { try await JobQueue.complete(first, on: app.db) }
            await #expect(throws: JobsError.leaseLost) { _ = try await JobQueue.renew(first, for: 10, on: app.db) }
            try await JobQueue.complete(second, on: app.db)
        }
    }

    @Test("a renewed lease keeps the job from other workers", arguments: TestDatabase.allCases)
    func renewal(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            try await JobQueue.enqueue(Self.job(), on: app.db)
            let start = Date()
            let claimed = try #require(try await JobQueue.claim(queues: ["default"], leaseDuration: 10, on: app.db, now: start))
            _ = try await JobQueue.renew(claimed, for: 10, on: app.db, now: start.addingTimeInterval(8))
            #expect(try await JobQueue.claim(queues: ["default"], leaseDuration: 10, on: app.db, now: start.addingTimeInterval(12)) == nil)
        }
    }

    @Test("failures back off, then the job is dead with its last error; an operator can retry or discard it",
          arguments: TestDatabase.allCases)
    func failuresAndDeadLetters(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let id = try #require(try await JobQueue.enqueue(Self.job(maxAttempts: 2), on: app.db))
            var now = Date()
            let first = try #require(try await JobQueue.claim(queues: ["default"], leaseDuration: 30, on: app.db, now: now))
            let backoff = Backoff(base: 10, cap: 100)
            #expect(try await JobQueue.fail(first, error: "smtp refused", backoff: backoff, on: app.db, now: now) == .pending)
            let waiting = try #require(try await JobRecord.find(id, on: app.db))
            #expect(waiting.runAt.timeIntervalSince(now) >= 5 && waiting.runAt.timeIntervalSince(now) <= 10)
            #expect(try await JobQueue.claim(queues: ["default"], leaseDuration: 30, on: app.db, now: now.addingTimeInterval(1)) == nil)
            now = now.addingTimeInterval(11)
            let second = try #require(try await JobQueue.claim(queues: ["default"], leaseDuration: 30, on: app.db, now: now))
            #expect(second.attempt == 2)
            #expect(try await JobQueue.fail(second, error: "smtp refused again", backoff: backoff, on: app.db, now: now) == .dead)
            let dead = try await JobQueue.deadJobs(on: app.db)
            #expect(dead.map(\.id) == [id] && dead.first?.lastError == "smtp refused again")
            #expect(try await JobQueue.claim(queues: ["default"], leaseDuration: 30, on: app.db, now: now.addingTimeInterval(1000)) == nil)

            try await JobQueue.retry(id, on: app.db)
            let again = try #require(try await JobQueue.claim(queues: ["default"], leaseDuration: 30, on: app.db))
            #expect(again.attempt == 1)
            #expect(try await JobQueue.fail(again, error: "x", backoff: backoff, on: app.db) == .pending)
            await #expect(throws: JobsError.notFound) { try await JobQueue.discard(id, on: app.db) }
        }
    }

    @Test("an idempotency key refuses a duplicate only while the first is active", arguments: TestDatabase.allCases)
    func idempotency(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            #expect(try await JobQueue.enqueue(Self.job(key: "mail:welcome:42"), on: app.db) != nil)
            let (duplicate, other) = try await app.db.transaction { tx in
                // Refused without breaking the caller's transaction (a failed INSERT would on PostgreSQL).
                (try await JobQueue.enqueue(Self.job(key: "mail:welcome:42"), on: tx),
                 try await JobQueue.enqueue(Self.job(key: "mail:welcome:43"), on: tx))
            }
            #expect(duplicate == nil)
            #expect(other != nil)
            let claimed = try #require(try await JobQueue.claim(queues: ["default"], leaseDuration: 30, on: app.db))
            try await JobQueue.complete(claimed, on: app.db)
            let remaining = try #require(try await JobQueue.claim(queues: ["default"], leaseDuration: 30, on: app.db))
            try await JobQueue.complete(remaining, on: app.db)
            #expect(try await JobQueue.enqueue(Self.job(key: "mail:welcome:42"), on: app.db) != nil)
        }
    }

    @Test("higher priority first, not before run_at, only from the asked queues", arguments: TestDatabase.allCases)
    func ordering(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let now = Date()
            let later = try #require(try await JobQueue.enqueue(Self.job(priority: 9, runAt: now.addingTimeInterval(60)), on: app.db, now: now))
            let low = try #require(try await JobQueue.enqueue(Self.job(priority: 0), on: app.db, now: now))
            let high = try #require(try await JobQueue.enqueue(Self.job(priority: 5), on: app.db, now: now))
            let other = try #require(try await JobQueue.enqueue(Self.job(queue: "media"), on: app.db, now: now))
            var order: [UUID] = []
            while let job = try await JobQueue.claim(queues: ["default"], leaseDuration: 30, on: app.db, now: now.addingTimeInterval(1)) {
                order.append(job.id)
            }
            #expect(order == [high, low])
            #expect(try await JobQueue.claim(queues: ["media"], leaseDuration: 30, on: app.db)?.id == other)
            #expect(try await JobQueue.claim(queues: ["default"], leaseDuration: 30, on: app.db, now: now.addingTimeInterval(61))?.id == later)
        }
    }

    @Test("queue counts by state", arguments: TestDatabase.allCases)
    func counts(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            for _ in 0..<3 { try await JobQueue.enqueue(Self.job(), on: app.db) }
            try await JobQueue.enqueue(Self.job(queue: "media"), on: app.db)
            let claimed = try #require(try await JobQueue.claim(queues: ["default"], leaseDuration: 30, on: app.db))
            try await JobQueue.complete(claimed, on: app.db)
            let counts = try await JobQueue.counts(on: app.db)
            #expect(counts.contains(.init(queue: "default", state: .pending, count: 2)))
            #expect(counts.contains(.init(queue: "default", state: .succeeded, count: 1)))
            #expect(counts.contains(.init(queue: "media", state: .pending, count: 1)))
        }
    }
}

@Suite("Backoff")
struct BackoffTests {
    @Test("doubles from the base up to the cap, and never retries at once")
    func schedule() {
        let backoff = Backoff(base: 10, cap: 300)
        #expect([1, 2, 3, 4, 5, 6].map(backoff.ceiling) == [10, 20, 40, 80, 160, 300])
        #expect(backoff.delay(afterAttempt: 3, random: 0) == 20)
        #expect(backoff.delay(afterAttempt: 3, random: 0.999) < 40)
    }
}
