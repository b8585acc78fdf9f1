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

    public init(handlers: [any JobHandler], recurring: [RecurringJob] = [], configuration: WorkerConfiguration = WorkerConfiguration(),
                wakeups: any JobWakeups = PollingWakeups(), logger: Logger, database: @escaping @Sendable () -> any Database) {
        self.handlers = Dictionary(handlers.map { ($0.kind, $0) }, uniquingKeysWith: { first, _ in first })
        self.recurring = recurring
        self.configuration = configuration
        self.wakeups = wakeups
        self.logger = logger
        self.database = database
    }

    /// Works until cancelled. Every worker also turns due cron slots into jobs (at most every
    /// 15 seconds); the slot table makes sure each slot becomes one job, whichever worker wins.
    public func run() async {
        logger.info("worker started", metadata: ["queues": .string(configuration.queues.joined(separator: ","))])
        var lastScheduleCheck = ContinuousClock.now - .seconds(60)
        while !Task.isCancelled {
            if !recurring.isEmpty, ContinuousClock.now - lastScheduleCheck >= .seconds(15) {
                lastScheduleCheck = ContinuousClock.now
                do {
                    try await RecurringJobs.enqueueDue(recurring, on: database())
                } catch {
                    logger.error("could not enqueue recurring jobs", metadata: ["error": .string(String(describing: error))])
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
                                                     on: database()) else {
                return false
            }
            await process(job)
            return true
        }.value
    }

    private func process(_ job: ClaimedJob) async {
        let db = database()
        var jobLogger = logger
        jobLogger[metadataKey: "job"] = .string(job.id.uuidString)
        jobLogger[metadataKey: "kind"] = .string(job.kind)
        let started = ContinuousClock.now
        let renewal = Task {
            var current = job
            while !Task.isCancelled {
                try await Task.sleep(for: .seconds(configuration.leaseDuration / 3))
                current = try await JobQueue.renew(current, for: configuration.leaseDuration, on: db)
            }
        }
        defer { renewal.cancel() }
        do {
            guard let handler = handlers[job.kind] else {
                throw UnknownKind(kind: job.kind)
            }
            try await handler.run(job, context: JobContext(database: db, logger: jobLogger))
            try await JobQueue.complete(job, on: db)
            record(job, outcome: "succeeded", since: started)
        } catch JobsError.leaseLost {
            jobLogger.warning("lease lost: another worker has the job now")
            record(job, outcome: "lease_lost", since: started)
        } catch {
            do {
                let state = try await JobQueue.fail(job, error: String(describing: error), backoff: configuration.backoff, on: db)
                jobLogger.warning("job failed", metadata: ["attempt": .stringConvertible(job.attempt), "now": .string(state.rawValue),
                                                          "error": .string(String(describing: error))])
                record(job, outcome: state == .dead ? "dead" : "retry", since: started)
            } catch {
                jobLogger.error("could not record a job's failure", metadata: ["error": .string(String(describing: error))])
            }
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
