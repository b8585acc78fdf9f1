import Foundation

/// What an idle worker waits on between looks at the queue.
public protocol JobWakeups: Sendable {
    /// Returns when new work may be waiting, after `duration` at the latest, or when cancelled.
    func wait(upTo duration: Duration) async
}

/// Plain polling: waits the whole interval. The only option on SQLite, which has no notifications.
public struct PollingWakeups: JobWakeups {
    public init() {}

    public func wait(upTo duration: Duration) async {
        try? await Task.sleep(for: duration)
    }
}

/// Wakes waiting workers as soon as `signal()` is called (by a PostgreSQL LISTEN connection when
/// a job is enqueued), and otherwise after the poll interval, which stays the safety net for a
/// missed notification.
public actor WakeupSignal: JobWakeups {
    private var pending = false
    private var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]

    public init() {}

    /// New work exists: wakes every waiter, or the next one to wait if none is waiting now.
    public func signal() {
        guard !waiters.isEmpty else {
            pending = true
            return
        }
        let woken = waiters
        waiters.removeAll()
        woken.values.forEach { $0.resume() }
    }

    public func wait(upTo duration: Duration) async {
        if pending {
            pending = false
            return
        }
        let id = UUID()
        let timer = Task { [weak self] in
            try? await Task.sleep(for: duration)
            await self?.resume(id)
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                waiters[id] = continuation
            }
        } onCancel: {
            Task { await self.resume(id) }
        }
        timer.cancel()
    }

    private func resume(_ id: UUID) {
        waiters.removeValue(forKey: id)?.resume()
    }
}
