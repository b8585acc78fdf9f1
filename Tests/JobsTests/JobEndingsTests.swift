import FluentKit
import Foundation
@testable import Jobs
import SQLKit
import Synchronization
import Testing
import TestSupport
import Vapor

/// A number several tasks change.
final class SharedCount: Sendable {
    private let value = Mutex(0)
    /// Adds one; the new count.
    func increment() -> Int { value.withLock { $0 += 1; return $0 } }
    var count: Int { value.withLock { $0 } }
}

/// An event tasks wait for instead of sleeping: `wait` returns once it has been fired (at once if
/// it already was), or when the waiting task is cancelled.
final class Signal: Sendable {
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init() { (stream, continuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1)) }

    func fire() { continuation.yield() }
    func wait() async { for await _ in stream { return } }
}

/// Runs until cancelled, saying when it starts and noting whether it saw the cancellation.
struct LongJob: JobHandler {
    static let kind = "test.long"
    var kind: String { Self.kind }
    let cancellations = SharedCount()
    let started = Signal()
    private let never = Signal()

    func run(_ job: ClaimedJob, context: JobContext) async throws {
        started.fire()
        await never.wait()
        if Task.isCancelled { _ = cancellations.increment() }
        throw CancellationError()
    }
}

struct BrokenPayloadJob: JobHandler {
    static let kind = "test.permanent"
    var kind: String { Self.kind }
    func run(_ job: ClaimedJob, context: JobContext) async throws { throw PermanentJobFailure("the payload cannot be read") }
}

/// How jobs end when things go wrong: a worker that keeps dying, a handler that knows retrying is
/// pointless, a lease that cannot be renewed.
@Suite("Job endings: interrupted, permanent, lease lost")
struct JobEndingsTests {
    static func worker(_ app: Application, _ handlers: [any JobHandler], lease: TimeInterval = 60) -> Worker {
        Worker(handlers: handlers, configuration: WorkerConfiguration(leaseDuration: lease, pollInterval: .milliseconds(20)),
               logger: app.logger) { app.db }
    }

    @Test("a job whose worker stops mid-job every time goes dead after its attempts instead of looping", arguments: TestDatabase.allCases)
    func interruptedEveryTime(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let start = Date()
            let id = try #require(try await JobQueue.enqueue(NewJob(kind: LongJob.kind, maxAttempts: 3), on: app.db, now: start))
            // Each claim's worker "dies": nobody completes, fails or renews, and the lease runs out.
            for attempt in 1...3 {
                let claimed = try await JobQueue.claim(queues: ["default"], leaseDuration: 5, on: app.db, now: start.addingTimeInterval(Double(attempt - 1) * 10))
                #expect(claimed?.id == id && claimed?.attempt == attempt)
            }
            let after = try await JobQueue.claim(queues: ["default"], leaseDuration: 5, on: app.db, now: start.addingTimeInterval(30))
            #expect(after == nil, "out of attempts: not taken a fourth time")
            #expect(try await JobQueue.buryAbandoned(queues: ["default"], on: app.db, now: start.addingTimeInterval(30)) == 1)
            let job = try #require(try await JobRecord.find(id, on: app.db))
            #expect(job.state == .dead && job.attempts == 3 && job.interruptions == 3)
            #expect(job.lastError == "the worker stopped during the job 3 times")
        }
    }

    @Test("a permanent failure makes the job dead at once, with its reason", arguments: TestDatabase.allCases)
    func permanent(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let id = try #require(try await JobQueue.enqueue(NewJob(kind: BrokenPayloadJob.kind, maxAttempts: 8), on: app.db))
            #expect(try await Self.worker(app, [BrokenPayloadJob()]).runOnce())
            let job = try #require(try await JobRecord.find(id, on: app.db))
            #expect(job.state == .dead && job.attempts == 1 && job.lastError == "the payload cannot be read")
        }
    }

    // The time limits guard against a hang only: they count the test app's start too, which in a
    // loaded full run (some 270 tests sharing two cores) took a whole minute, so they are generous.
    @Test("when another worker takes the lease, the handler is cancelled and its outcome is not recorded", .timeLimit(.minutes(10)),
          arguments: TestDatabase.allCases)
    func leaseTaken(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let id = try #require(try await JobQueue.enqueue(NewJob(kind: LongJob.kind), on: app.db))
            let handler = LongJob()
            let sql = try #require(app.db as? any SQLDatabase)
            // Once the worker holds the job, another takes it over (as after a lease that ran out).
            let thief = Task {
                await handler.started.wait()
                try await sql.raw("UPDATE jobs SET lease_token = 'someone-else' WHERE id = \(bind: id)").run()
            }
            #expect(try await Self.worker(app, [handler], lease: 3).runOnce())
            try await thief.value
            #expect(handler.cancellations.count == 1, "cancelled, not left running")
            let job = try #require(try await JobRecord.find(id, on: app.db))
            #expect(job.state == .running && job.leaseToken == "someone-else" && job.lastError == nil, "nothing recorded over the new holder")
        }
    }

    struct DatabaseDown: Error {}

    @Test("renewal retries a failing database; when it cannot renew before the lease runs out, the handler stops unrecorded",
          .timeLimit(.minutes(10)), arguments: TestDatabase.allCases)
    func renewalFailures(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            // Two failed renewals, then the database is back: the job runs on until a renewal has
            // worked (however late a loaded machine wakes the keeper), then ends normally.
            struct ShortJob: JobHandler {
                var kind: String { "test.short" }
                let renewed: Signal
                func run(_ job: ClaimedJob, context: JobContext) async throws { await renewed.wait() }
            }
            let short = try #require(try await JobQueue.enqueue(NewJob(kind: "test.short"), on: app.db))
            let failures = SharedCount()
            let renewed = Signal()
            // A lease long enough that the retries after the two failures still fit before it runs out
            // however late a loaded machine wakes the keeper: fresh-clone runs lost a 9 s lease after
            // the second failure and a 15 s one after the first (the keeper woke over 10 s late). The
            // first renewal comes after 20 s, with 40 s to spare.
            var flaky = Self.worker(app, [ShortJob(renewed: renewed)], lease: 60)
            let db = app.db
            flaky.renew = { job, duration in
                if failures.increment() <= 2 { throw DatabaseDown() }
                let current = try await JobQueue.renew(job, for: duration, on: db)
                renewed.fire()
                return current
            }
            #expect(try await flaky.runOnce())
            #expect(failures.count > 2)
            #expect(try await JobRecord.find(short, on: app.db)?.state == .succeeded)

            // The database stays away: the lease runs out, so the handler is stopped.
            let long = try #require(try await JobQueue.enqueue(NewJob(kind: LongJob.kind), on: app.db))
            let handler = LongJob()
            var down = Self.worker(app, [handler], lease: 3)
            down.renew = { _, _ in throw DatabaseDown() }
            #expect(try await down.runOnce())
            #expect(handler.cancellations.count == 1, "cancelled, not left running")
            let job = try #require(try await JobRecord.find(long, on: app.db))
            #expect(job.state == .running && job.lastError == nil, "left for the next worker once the lease has run out")
        }
    }
}
