@testable import App
import FluentKit
import Foundation
import Jobs
import Testing
import TestSupport
import Vapor

@Suite("Waking idle workers")
struct WakeupTests {
    @Test("a signal ends a long wait at once; one sent while nobody waits is kept for the next")
    func signal() async throws {
        let signal = WakeupSignal()
        let clock = ContinuousClock()
        let start = clock.now
        async let waited: Void = signal.wait(upTo: .seconds(30))
        try await Task.sleep(for: .milliseconds(100))
        await signal.signal()
        await waited
        #expect(clock.now - start < .seconds(10))

        await signal.signal()
        let second = clock.now
        await signal.wait(upTo: .seconds(30))
        #expect(clock.now - second < .seconds(1))
    }

    @Test("a cancelled wait returns without waiting out its interval")
    func cancellation() async throws {
        let signal = WakeupSignal()
        let clock = ContinuousClock()
        let start = clock.now
        let task = Task { await signal.wait(upTo: .seconds(30)) }
        try await Task.sleep(for: .milliseconds(100))
        task.cancel()
        await task.value
        #expect(clock.now - start < .seconds(10))
    }

    @Test("on PostgreSQL an idle worker polling every ten minutes runs a new job within moments (LISTEN/NOTIFY)")
    func postgresNotify() async throws {
        try await withTestApp(only: .postgres, because: "LISTEN/NOTIFY wake-ups exist on PostgreSQL only") { app in
            let (wakeups, listener) = app.startJobWakeups()
            #expect(listener != nil)
            // A ten-minute poll, so that a loaded machine's slowness (a fresh-clone run once took
            // 50 s here) cannot be mistaken for the poll.
            let worker = app.makeWorker(WorkerConfiguration(pollInterval: .seconds(600)), wakeups: wakeups)
            // Let the worker find the queue empty and settle into its minute-long wait.
            try await Task.sleep(for: .seconds(1))
            let running = Task { await worker.run() }
            try await Task.sleep(for: .seconds(1))

            let clock = ContinuousClock()
            let start = clock.now
            let id = try #require(try await JobQueue.enqueue(NewJob(kind: NoopJob.kind), on: app.db))
            var state = JobState.pending
            while state != .succeeded, clock.now - start < .seconds(500) {
                try await Task.sleep(for: .milliseconds(50))
                state = try await JobRecord.find(id, on: app.db)?.state ?? .pending
            }
            #expect(state == .succeeded)
            #expect(clock.now - start < .seconds(300), "woken by the notification, not by the ten-minute poll")
            running.cancel()
            listener?.cancel()
            await running.value
            await listener?.value
        }
    }
}
