import Core
import FluentKit
import Foundation
import Jobs
import Testing
import TestSupport
import Vapor

/// Worker processes as an operator runs them: several at once, killed, stopped.
@Suite("Worker processes")
struct WorkerProcessTests {
    /// Polls the shared database until `count` jobs of `kind` are in `state` (or 60 s pass).
    /// Jobs are told apart by kind: workers also enqueue and run the app's recurring jobs.
    static func waitFor(_ count: Int, _ kind: String, in state: JobState, on app: Application) async throws -> Bool {
        for _ in 0..<600 {
            if try await Self.count(state, kind: kind, on: app.db) == count { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    static func count(_ state: JobState, kind: String, on db: any Database) async throws -> Int {
        try await JobRecord.query(on: db).filter(\.$state == state).filter(\.$kind == kind).count()
    }

    @Test("two worker processes complete 1,000 jobs and never claim one twice", arguments: TestDatabase.allCases)
    func twoProcesses(database: TestDatabase) async throws {
        try await withEmptyDatabase(database) { url in
            let env = CommandRunner.environment(url)
            #expect(try await CommandRunner.run(["migrate", "--yes"], environment: env).status == 0)
            let queued = try await CommandRunner.run(["jobs", "--enqueue", "system.noop", "--count", "1000"], environment: env)
            #expect(queued.status == 0, "\(queued.errorOutput)")
            try await withApplication(on: url) { app in
                let workers = try (0..<2).map { _ in try CommandRunner.start(["worker", "--poll-ms", "50"], environment: env) }
                let done = try await Self.waitFor(1000, NoopJob.kind, in: .succeeded, on: app)
                workers.forEach { $0.send(SIGTERM) }
                for worker in workers { #expect(await worker.waitForExit() == 0) }
                #expect(done)
                // A job claimed twice would show a second attempt.
                #expect(try await JobRecord.query(on: app.db).filter(\.$kind == NoopJob.kind).filter(\.$attempts != 1).count() == 0)
            }
        }
    }

    /// The job lasts four seconds so the kill lands mid-job even when a loaded machine is slow to
    /// notice the claim; the one-second lease lets the second worker take it soon after.
    @Test("a worker killed with SIGKILL mid-job does not lose it", arguments: TestDatabase.allCases)
    func killedWorker(database: TestDatabase) async throws {
        try await withEmptyDatabase(database) { url in
            let env = CommandRunner.environment(url)
            #expect(try await CommandRunner.run(["migrate", "--yes"], environment: env).status == 0)
            #expect(try await CommandRunner.run(["jobs", "--enqueue", "system.sleep", "--milliseconds", "4000"], environment: env).status == 0)
            try await withApplication(on: url) { app in
                let first = try CommandRunner.start(["worker", "--lease-seconds", "1", "--poll-ms", "50"], environment: env)
                #expect(try await Self.waitFor(1, SleepJob.kind, in: .running, on: app))
                first.send(SIGKILL)
                #expect(await first.waitForExit() == 9, "killed by SIGKILL")
                let second = try CommandRunner.start(["worker", "--lease-seconds", "1", "--poll-ms", "50"], environment: env)
                let done = try await Self.waitFor(1, SleepJob.kind, in: .succeeded, on: app)
                second.send(SIGTERM)
                #expect(await second.waitForExit() == 0)
                #expect(done)
                let attempts = try await JobRecord.query(on: app.db).filter(\.$kind == SleepJob.kind).first()?.attempts
                #expect(attempts == 2, "attempts: \(String(describing: attempts))")
            }
        }
    }

    @Test("SIGTERM lets the job in hand finish, then the worker exits cleanly")
    func gracefulStop() async throws {
        try await withEmptyDatabase(.sqlite) { url in
            let env = CommandRunner.environment(url)
            #expect(try await CommandRunner.run(["migrate", "--yes"], environment: env).status == 0)
            #expect(try await CommandRunner.run(["jobs", "--enqueue", "system.sleep", "--milliseconds", "800"], environment: env).status == 0)
            try await withApplication(on: url) { app in
                let worker = try CommandRunner.start(["worker", "--poll-ms", "50"], environment: env)
                #expect(try await Self.waitFor(1, SleepJob.kind, in: .running, on: app))
                worker.send(SIGTERM)
                #expect(await worker.waitForExit() == 0)
                #expect(try await Self.count(.succeeded, kind: SleepJob.kind, on: app.db) == 1)
            }
        }
    }

    @Test("jobs shows the queues and dead jobs; retrying an unknown job is one clear error")
    func jobsCommand() async throws {
        try await withEmptyDatabase(.sqlite) { url in
            let env = CommandRunner.environment(url)
            #expect(try await CommandRunner.run(["migrate", "--yes"], environment: env).status == 0)
            #expect(try await CommandRunner.run(["jobs"], environment: env).output.contains("No jobs."))
            _ = try await CommandRunner.run(["jobs", "--enqueue", "system.noop", "--count", "3"], environment: env)
            #expect(try await CommandRunner.run(["jobs"], environment: env).output.contains("default\tpending\t3"))
            let bogus = try await CommandRunner.run(["jobs", "--retry", UUID().uuidString], environment: env)
            #expect(bogus.status == 1)
            #expect(bogus.errorOutput.split(separator: "\n").count == 1 && bogus.errorOutput.contains("no dead job"))
            let refused = try await CommandRunner.run(["jobs", "--enqueue", "mail.send"], environment: env)
            #expect(refused.status == 1)
        }
    }
}
