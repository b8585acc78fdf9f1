import Jobs
import Vapor

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
    func makeWorker(_ configuration: WorkerConfiguration = WorkerConfiguration()) -> Worker {
        Worker(handlers: jobHandlers, recurring: recurringJobs, configuration: configuration, logger: logger) { [unowned self] in
            self.db
        }
    }
}
