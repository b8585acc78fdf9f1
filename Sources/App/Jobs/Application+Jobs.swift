import Jobs
import Vapor

extension Application {
    private struct JobHandlersKey: StorageKey { typealias Value = [any JobHandler] }

    /// Every job kind this process can run. Modules add theirs as they arrive (mail, audit, media).
    var jobHandlers: [any JobHandler] {
        get { storage[JobHandlersKey.self] ?? [] }
        set { storage[JobHandlersKey.self] = newValue }
    }

    /// A worker over this application's database and handlers.
    func makeWorker(_ configuration: WorkerConfiguration = WorkerConfiguration()) -> Worker {
        Worker(handlers: jobHandlers, configuration: configuration, logger: logger) { [unowned self] in
            self.db
        }
    }
}
