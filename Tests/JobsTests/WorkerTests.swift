import FluentKit
import Foundation
import Jobs
import SQLKit
import Synchronization
import Testing
import TestSupport
import Vapor

/// Records each run of a job in a table with the job id as primary key, so a second run of the
/// same job fails loudly instead of passing unseen.
struct RecordingJob: JobHandler {
    static let kind = "test.record"
    var kind: String { Self.kind }

    func run(_ job: ClaimedJob, context: JobContext) async throws {
        let sql = try #require(context.database as? any SQLDatabase)
        try await sql.raw("INSERT INTO test_job_effects (job_id) VALUES (\(bind: job.id.uuidString))").run()
    }

    static func prepare(on database: any Database) async throws {
        let sql = try #require(database as? any SQLDatabase)
        try await sql.raw("CREATE TABLE test_job_effects (job_id VARCHAR(36) PRIMARY KEY)").run()
    }

    static func effects(on database: any Database) async throws -> Int {
        let sql = try #require(database as? any SQLDatabase)
        return try await sql.raw("SELECT COUNT(*) AS n FROM test_job_effects").first()?.decode(column: "n", as: Int.self) ?? -1
    }
}

struct FailingJob: JobHandler {
    static let kind = "test.fail"
    var kind: String { Self.kind }
    struct Boom: Error, CustomStringConvertible { var description: String { "boom" } }
    func run(_ job: ClaimedJob, context: JobContext) async throws { throw Boom() }
}

@Suite("Workers")
struct WorkerTests {
    static func worker(_ app: Application, handlers: [any JobHandler] = [RecordingJob(), FailingJob()]) -> Worker {
        Worker(handlers: handlers, configuration: WorkerConfiguration(pollInterval: .milliseconds(20)), logger: app.logger) { app.db }
    }

    @Test("four concurrent workers run 300 jobs, each exactly once", arguments: TestDatabase.allCases)
    func concurrentWorkers(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            try await RecordingJob.prepare(on: app.db)
            for _ in 0..<300 { try await JobQueue.enqueue(NewJob(kind: RecordingJob.kind), on: app.db) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 {
                    let worker = Self.worker(app)
                    group.addTask { while try await worker.runOnce() {} }
                }
                try await group.waitForAll()
            }
            #expect(try await RecordingJob.effects(on: app.db) == 300)
            let counts = try await JobQueue.counts(on: app.db)
            #expect(counts == [.init(queue: "default", state: .succeeded, count: 300)])
            #expect(try await JobRecord.query(on: app.db).filter(\.$attempts != 1).count() == 0)
        }
    }

    @Test("a failing handler's error is kept, and a job with no handler fails instead of vanishing", arguments: TestDatabase.allCases)
    func failures(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let failing = try #require(try await JobQueue.enqueue(NewJob(kind: FailingJob.kind, maxAttempts: 1), on: app.db))
            let unknown = try #require(try await JobQueue.enqueue(NewJob(kind: "nobody.handles.this", maxAttempts: 1), on: app.db))
            let worker = Self.worker(app)
            while try await worker.runOnce() {}
            #expect(try await JobRecord.find(failing, on: app.db)?.lastError == "boom")
            #expect(try await JobRecord.find(unknown, on: app.db)?.lastError == "no handler for job kind nobody.handles.this")
            #expect(try await JobQueue.deadJobs(on: app.db).count == 2)
        }
    }

    @Test("a job waiting for a service that is down (JobRetryLater) waits without using its attempts, then runs", arguments: TestDatabase.allCases)
    func retryLater(database: TestDatabase) async throws {
        final class Service: Sendable {
            let up = Mutex(false)
        }
        struct WaitingJob: JobHandler {
            static let kind = "test.waiting"
            var kind: String { Self.kind }
            let service: Service
            func run(_ job: ClaimedJob, context: JobContext) async throws {
                // An hour: a loaded full run has taken over a minute between two steps of this test.
                guard service.up.withLock({ $0 }) else { throw JobRetryLater("the service is down", after: 3600) }
            }
        }
        try await withTestApp(database) { app in
            let service = Service()
            let handler = WaitingJob(service: service)
            let id = try #require(try await JobQueue.enqueue(NewJob(kind: WaitingJob.kind, maxAttempts: 2), on: app.db))
            let worker = Self.worker(app, handlers: [handler])
            let sql = try #require(app.db as? any SQLDatabase)
            for _ in 0..<5 {
                let before = Date()
                #expect(try await worker.runOnce())
                let job = try #require(try await JobRecord.find(id, on: app.db))
                #expect(job.state == .pending && job.attempts == 0 && job.lastError == "the service is down")
                #expect(job.runAt >= before.addingTimeInterval(3599))
                #expect(try await worker.runOnce() == false, "not due before its delay")
                try await sql.raw("UPDATE jobs SET run_at = \(bind: Date().addingTimeInterval(-1)) WHERE id = \(bind: id)").run()
            }
            service.up.withLock { $0 = true }
            #expect(try await worker.runOnce())
            #expect(try await JobRecord.find(id, on: app.db)?.state == .succeeded)
        }
    }

    @Test("a cancelled worker finishes the job in hand before it stops")
    func gracefulStop() async throws {
        try await withTestApp { app in
            struct SlowJob: JobHandler {
                let started: AsyncStream<Void>.Continuation
                var kind: String { "test.slow" }
                func run(_ job: ClaimedJob, context: JobContext) async throws {
                    started.yield()
                    try await Task.sleep(for: .milliseconds(300))
                }
            }
            let (stream, continuation) = AsyncStream<Void>.makeStream()
            let id = try #require(try await JobQueue.enqueue(NewJob(kind: "test.slow"), on: app.db))
            let worker = Self.worker(app, handlers: [SlowJob(started: continuation)])
            let task = Task { await worker.run() }
            var iterator = stream.makeAsyncIterator()
            _ = await iterator.next()
            task.cancel()
            await task.value
            #expect(try await JobRecord.find(id, on: app.db)?.state == .succeeded)
        }
    }
}
