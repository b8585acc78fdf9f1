import Audit
import Core
import FluentKit
import Foundation
import Jobs
import Testing
import TestSupport
import Vapor
import Web

/// Worker processes as an operator runs them: several at once, killed, stopped.
@Suite("Worker processes")
struct WorkerProcessTests {
    /// Polls the shared database until `count` jobs of `kind` are in `state` (or 60 s pass).
    /// Jobs are told apart by kind: workers also enqueue and run the app's recurring jobs.
    static func waitFor(_ count: Int, _ kind: String, in state: JobState, on app: Application) async throws -> Bool {
        // A hang guard of some five minutes: a loaded full run has needed over one to start a worker.
        for _ in 0..<3000 {
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

                // Each worker wrote the chain's head to the checkpoint file as it started and as it stopped.
                let path = app.webContext.configuration.auditCheckpointPath
                let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
                #expect(lines.count >= 4, "\(lines)")
                #expect(try AuditCheckpointFile(path: path).newest()?.checkpoint == (try await AuditTrail.head(on: app.db)))
            }
        }
    }

    /// Polls until the job of `kind` matches `condition` (or 60 s pass).
    static func waitFor(_ kind: String, on app: Application, _ condition: @escaping @Sendable (JobRecord) -> Bool) async throws -> Bool {
        for _ in 0..<600 {
            if let job = try await JobRecord.query(on: app.db).filter(\.$kind == kind).first(), condition(job) { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// The job lasts a minute, so the kill lands mid-job however late a loaded machine lets this
    /// test notice the claim (with a four-second job, a late look once saw a job that had already
    /// ended). Proof that nothing is lost: once the one-second lease runs out, the second worker
    /// takes the job as its second attempt.
    @Test("a worker killed with SIGKILL mid-job does not lose it: another takes it over", arguments: TestDatabase.allCases)
    func killedWorker(database: TestDatabase) async throws {
        try await withEmptyDatabase(database) { url in
            let env = CommandRunner.environment(url)
            #expect(try await CommandRunner.run(["migrate", "--yes"], environment: env).status == 0)
            #expect(try await CommandRunner.run(["jobs", "--enqueue", "system.sleep", "--milliseconds", "60000"], environment: env).status == 0)
            try await withApplication(on: url) { app in
                let first = try CommandRunner.start(["worker", "--lease-seconds", "1", "--poll-ms", "50"], environment: env)
                #expect(try await Self.waitFor(1, SleepJob.kind, in: .running, on: app))
                first.send(SIGKILL)
                #expect(await first.waitForExit() == 9, "killed by SIGKILL")
                let second = try CommandRunner.start(["worker", "--lease-seconds", "1", "--poll-ms", "50"], environment: env)
                let takenOver = try await Self.waitFor(SleepJob.kind, on: app) { $0.state == .running && $0.attempts == 2 }
                second.send(SIGKILL)
                _ = await second.waitForExit()
                #expect(takenOver, "the second worker runs the job as attempt 2")
            }
        }
    }

    /// The queue's answer to a job that takes its worker down every time (running out of memory,
    /// say): after its attempts it goes dead with the reason, instead of looping for ever.
    @Test("a job whose worker process dies during every attempt goes dead after its attempts, with the reason",
          arguments: TestDatabase.allCases)
    func workerDiesEveryTime(database: TestDatabase) async throws {
        try await withEmptyDatabase(database) { url in
            let env = CommandRunner.environment(url)
            #expect(try await CommandRunner.run(["migrate", "--yes"], environment: env).status == 0)
            try await withApplication(on: url) { app in
                let id = try #require(try await JobQueue.enqueue(
                    try NewJob(kind: SleepJob.kind, payload: SleepJob.Payload(milliseconds: 60_000), maxAttempts: 2), on: app.db))
                for attempt in 1...2 {
                    let worker = try CommandRunner.start(["worker", "--lease-seconds", "1", "--poll-ms", "50"], environment: env)
                    let running = try await Self.waitFor(SleepJob.kind, on: app) { $0.state == .running && $0.attempts == attempt }
                    worker.send(SIGKILL)
                    _ = await worker.waitForExit()
                    #expect(running, "attempt \(attempt) started")
                }
                let last = try CommandRunner.start(["worker", "--lease-seconds", "1", "--poll-ms", "50"], environment: env)
                let buried = try await Self.waitFor(SleepJob.kind, on: app) { $0.state == .dead }
                last.send(SIGTERM)
                #expect(await last.waitForExit() == 0)
                #expect(buried)
                let job = try #require(try await JobRecord.find(id, on: app.db))
                #expect(job.attempts == 2 && job.lastError == "the worker stopped during the job 2 times")
            }
        }
    }

    /// A ten-second job, so the signal lands while the worker has it in hand even on a loaded
    /// machine; the job's end time after the signal proves the worker waited for it.
    /// The job lasts a minute, so the signal lands mid-job however late a loaded machine starts the
    /// worker and lets this test notice the claim (with a ten-second job, a fresh-clone run saw the
    /// job only after it had ended).
    @Test("SIGTERM lets the job in hand finish, then the worker exits cleanly")
    func gracefulStop() async throws {
        try await withEmptyDatabase { url in
            let env = CommandRunner.environment(url)
            #expect(try await CommandRunner.run(["migrate", "--yes"], environment: env).status == 0)
            #expect(try await CommandRunner.run(["jobs", "--enqueue", "system.sleep", "--milliseconds", "60000"], environment: env).status == 0)
            try await withApplication(on: url) { app in
                let worker = try CommandRunner.start(["worker", "--poll-ms", "50"], environment: env)
                #expect(try await Self.waitFor(1, SleepJob.kind, in: .running, on: app))
                let signalled = Date()
                worker.send(SIGTERM)
                #expect(await worker.waitForExit() == 0)
                let job = try #require(try await JobRecord.query(on: app.db).filter(\.$kind == SleepJob.kind).first())
                #expect(job.state == .succeeded && job.attempts == 1)
                #expect(try #require(job.finishedAt) > signalled, "the job ended after the signal, not before")
            }
        }
    }

    @Test("jobs shows the queues and dead jobs; retrying an unknown job is one clear error")
    func jobsCommand() async throws {
        try await withEmptyDatabase { url in
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
