import FluentKit
import Foundation
import Logging
import Metrics

/// How a worker claims and runs jobs.
public struct WorkerConfiguration: Sendable {
    public var queues: [String]
    /// How long a claimed job is ours without renewal; renewed every third of it while running.
    public var leaseDuration: TimeInterval
    /// How long an idle worker waits before looking again.
    public var pollInterval: Duration
    public var backoff: Backoff

    public init(queues: [String] = ["default"], leaseDuration: TimeInterval = 60, pollInterval: Duration = .seconds(1),
                backoff: Backoff = Backoff()) {
        self.queues = queues
        self.leaseDuration = leaseDuration
        self.pollInterval = pollInterval
        self.backoff = backoff
    }
}

/// Claims due jobs and runs their handlers, one at a time, until its task is cancelled.
///
/// Cancellation (SIGTERM) is honoured between jobs: the job in hand runs to its end, detached
/// from the cancelled task, and is completed or failed before the worker returns.
public struct Worker: Sendable {
    let handlers: [String: any JobHandler]
    let recurring: [RecurringJob]
    let database: @Sendable () -> any Database
    let configuration: WorkerConfiguration
    let wakeups: any JobWakeups
    let logger: Logger
    /// Renews a lease; nil for `JobQueue.renew`. Tests put a failing database here.
    var renew: LeaseKeeper.Renew?
    /// The time jobs are claimed and run at; nil for the real one. Tests pin it, so a job due at
    /// a minute is shown to wait until then and to run at it, without waiting.
    let clock: (@Sendable () -> Date)?

    public init(handlers: [any JobHandler], recurring: [RecurringJob] = [], configuration: WorkerConfiguration = WorkerConfiguration(),
                wakeups: any JobWakeups = PollingWakeups(), logger: Logger, clock: (@Sendable () -> Date)? = nil,
                database: @escaping @Sendable () -> any Database) {
        self.handlers = Dictionary(handlers.map { ($0.kind, $0) }, uniquingKeysWith: { first, _ in first })
        self.recurring = recurring
        self.configuration = configuration
        self.wakeups = wakeups
        self.logger = logger
        self.database = database
        self.clock = clock
    }

    /// Works until cancelled. Every worker also turns due cron slots into jobs and makes dead the
    /// jobs abandoned on their last attempt (at most every 15 seconds); the slot table makes sure
    /// each slot becomes one job, whichever worker wins.
    public func run() async {
        logger.info("worker started", metadata: ["queues": .string(configuration.queues.joined(separator: ","))])
        var lastScheduleCheck = ContinuousClock.now - .seconds(60)
        while !Task.isCancelled {
            if ContinuousClock.now - lastScheduleCheck >= .seconds(15) {
                lastScheduleCheck = ContinuousClock.now
                do {
                    if !recurring.isEmpty { try await RecurringJobs.enqueueDue(recurring, on: database()) }
                    let buried = try await JobQueue.buryAbandoned(queues: configuration.queues, on: database())
                    if buried > 0 { logger.warning("jobs whose worker stopped during every attempt are dead", metadata: ["count": .stringConvertible(buried)]) }
                } catch {
                    logger.error("could not enqueue recurring jobs or sweep abandoned ones", metadata: ["error": .string(String(describing: error))])
                }
            }
            do {
                if try await runOnce() { continue }
            } catch {
                logger.error("worker could not claim a job", metadata: ["error": .string(String(describing: error))])
            }
            await wakeups.wait(upTo: configuration.pollInterval)
        }
        logger.info("worker stopped")
    }

    /// Claims one due job and runs it to the end; false when none was due.
    ///
    /// Claim and run happen in a task of their own, out of reach of the caller's cancellation: a
    /// shutdown request must neither cut a job in half nor cancel a claim the database has
    /// already committed (the job would sit leased to a worker that is gone).
    @discardableResult
    public func runOnce() async throws -> Bool {
        try await Task {
            guard let job = try await JobQueue.claim(queues: configuration.queues, leaseDuration: configuration.leaseDuration,
                                                     on: database(), now: clock?()) else {
                return false
            }
            await process(job)
            return true
        }.value
    }

    private enum Ending: Sendable {
        case finished(Result<Void, any Error>)
        case leaseLost
    }

    private func process(_ job: ClaimedJob) async {
        let db = database()
        var jobLogger = logger
        jobLogger[metadataKey: "job"] = .string(job.id.uuidString)
        jobLogger[metadataKey: "kind"] = .string(job.kind)
        let started = ContinuousClock.now
        let keeper = LeaseKeeper(duration: configuration.leaseDuration, renew: renew ?? { try await JobQueue.renew($0, for: $1, on: db) },
                                 logger: jobLogger)
        let context = JobContext(database: db, logger: jobLogger, now: clock?() ?? Date())
        let handler = handlers[job.kind]
        // The handler and the lease keeper race: whichever ends first ends the other. A lost
        // lease cancels the handler, and nothing it did is recorded as the job's outcome.
        let ending = await withTaskGroup(of: Ending.self) { group in
            group.addTask {
                do {
                    guard let handler else { throw UnknownKind(kind: job.kind) }
                    try await handler.run(job, context: context)
                    return .finished(.success(()))
                } catch {
                    return .finished(.failure(error))
                }
            }
            group.addTask {
                await keeper.hold(job)
                return .leaseLost
            }
            let first = await group.next() ?? .leaseLost
            group.cancelAll()
            return first
        }
        do {
            switch ending {
            case .leaseLost:
                throw JobsError.leaseLost
            case .finished(.success):
                try await JobQueue.complete(job, on: db, now: clock?() ?? Date())
                record(job, outcome: "succeeded", since: started)
            case .finished(.failure(let error as JobRetryLater)):
                // Jitter, so the scans that waited for the same service do not all return at once.
                try await JobQueue.postpone(job, error: error.reason, delay: error.delay * Double.random(in: 1...1.5), on: db)
                jobLogger.notice("job postponed", metadata: ["reason": .string(error.reason)])
                record(job, outcome: "postponed", since: started)
            case .finished(.failure(let error)):
                let permanent = error is PermanentJobFailure
                let state = try await JobQueue.fail(job, error: String(describing: error), permanent: permanent,
                                                    backoff: configuration.backoff, on: db)
                jobLogger.warning("job failed", metadata: ["attempt": .stringConvertible(job.attempt), "now": .string(state.rawValue),
                                                          "permanent": .stringConvertible(permanent),
                                                          "error": .string(String(describing: error))])
                record(job, outcome: state == .dead ? "dead" : "retry", since: started)
            }
        } catch JobsError.leaseLost {
            jobLogger.warning("lease lost: the job's outcome is not recorded")
            record(job, outcome: "lease_lost", since: started)
        } catch {
            jobLogger.error("could not record a job's outcome", metadata: ["error": .string(String(describing: error))])
        }
    }

    private func record(_ job: ClaimedJob, outcome: String, since start: ContinuousClock.Instant) {
        Counter(label: "hc_jobs_processed_total", dimensions: [("kind", job.kind), ("outcome", outcome)]).increment()
        let elapsed = ContinuousClock.now - start
        Timer(label: "hc_job_duration_seconds", dimensions: [("kind", job.kind)])
            .recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
    }

    struct UnknownKind: Error, CustomStringConvertible {
        let kind: String
        var description: String { "no handler for job kind \(kind)" }
    }
}
