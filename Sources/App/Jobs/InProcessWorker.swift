import Synchronization
import Vapor

/// In development `serve` also works the queue, so one command runs the whole platform.
/// Production runs `healthconnect worker` processes apart.
final class InProcessWorker: LifecycleHandler {
    private let task = Mutex<Task<Void, Never>?>(nil)

    func didBootAsync(_ application: Application) async throws {
        let worker = application.makeWorker()
        task.withLock { $0 = Task { await worker.run() } }
    }

    func shutdownAsync(_ application: Application) async {
        let running = task.withLock { task -> Task<Void, Never>? in
            defer { task = nil }
            return task
        }
        running?.cancel()
        await running?.value
    }
}
