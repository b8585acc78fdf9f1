import Jobs
import Vapor
import Web

extension Application {
    private struct JobHandlersKey: StorageKey { typealias Value = [any JobHandler] }

    /// Every job kind this process can run. Modules add theirs as they arrive (mail, audit, media).
    var jobHandlers: [any JobHandler] {
        get { storage[JobHandlersKey.self] ?? [] }
        set { storage[JobHandlersKey.self] = newValue }
    }

    private struct RecurringJobsKey: StorageKey { typealias Value = [RecurringJob] }

    /// Jobs that run on a cron schedule; every worker enqueues their due slots.
    var recurringJobs: [RecurringJob] {
        get { storage[RecurringJobsKey.self] ?? [] }
        set { storage[RecurringJobsKey.self] = newValue }
    }

    /// A worker over this application's database, handlers and schedules.
    /// `clock` pins the time jobs are claimed and run at (tests); nil for the real one.
    public func makeWorker(_ configuration: WorkerConfiguration = WorkerConfiguration(),
                           wakeups: any JobWakeups = PollingWakeups(), clock: (@Sendable () -> Date)? = nil) -> Worker {
        Worker(handlers: jobHandlers, recurring: recurringJobs, configuration: configuration, wakeups: wakeups,
               logger: logger, clock: clock) { [unowned self] in
            self.db
        }
    }

    /// How this process's workers learn of new jobs: on PostgreSQL a LISTEN connection that wakes
    /// them at once (the returned task runs it; cancel it when the workers stop), on SQLite polling.
    func startJobWakeups() -> (wakeups: any JobWakeups, listener: Task<Void, Never>?) {
        guard case .postgres(let location) = webContext.configuration.database else { return (PollingWakeups(), nil) }
        let signal = WakeupSignal()
        let listener = PostgresJobListener(location: location, signal: signal, logger: logger)
        return (signal, Task { await listener.run() })
    }
}
