import Synchronization
import Vapor

/// In development `serve` also works the queue, so one command runs the whole platform.
/// Production runs `healthconnect worker` processes apart.
final class InProcessWorker: LifecycleHandler {
    private let tasks = Mutex<[Task<Void, Never>]>([])

    func didBootAsync(_ application: Application) async throws {
        let (wakeups, listener) = application.startJobWakeups()
        let worker = application.makeWorker(wakeups: wakeups)
        let checkpoints = application.startAuditCheckpoints()
        tasks.withLock { $0 = [Task { await worker.run() }, checkpoints] + (listener.map { [$0] } ?? []) }
    }

    func shutdownAsync(_ application: Application) async {
        let running = tasks.withLock { tasks -> [Task<Void, Never>] in
            defer { tasks = [] }
            return tasks
        }
        for task in running {
            task.cancel()
            await task.value
        }
    }
}
