import Audit
import Foundation
import Jobs
import Vapor

/// `healthconnect jobs`: jobs per queue and state, and dead jobs with their last error;
/// `--retry ID` gives a dead job new attempts, `--discard ID` deletes it; `--enqueue system.noop
/// --count N` queues diagnostic jobs (only `system.` kinds, which need no payload) for smoke tests;
/// `--run-due` runs every job due now in this process and exits once none is left, for scripts
/// that must know a job is done (a mail written) instead of waiting on a worker's polling.
struct JobsCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "retry", help: "Retry the dead job with this id")
        var retry: String?
        @Option(name: "discard", help: "Delete the dead job with this id")
        var discard: String?
        @Option(name: "enqueue", help: "Queue diagnostic jobs of this system kind (system.noop or system.sleep)")
        var enqueue: String?
        @Option(name: "count", help: "How many jobs --enqueue adds (default 1)")
        var count: Int?
        @Option(name: "milliseconds", help: "For system.sleep: how long each job waits")
        var milliseconds: Int?
        @Flag(name: "run-due", help: "Run every job that is due now, then exit")
        var runDue: Bool
    }

    var help: String { "Shows the job queues; retries or discards dead jobs." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let db = context.application.db
        if signature.runDue {
            let worker = context.application.makeWorker()
            var ran = 0
            while try await worker.runOnce() { ran += 1 }
            context.console.print("Ran \(ran) job(s).")
            return
        }
        if let kind = signature.enqueue {
            let count = signature.count ?? 1
            guard (1...100_000).contains(count) else { throw CommandFailure("--count must be from 1 to 100000") }
            let job: NewJob
            switch kind {
            case NoopJob.kind: job = NewJob(kind: kind)
            case SleepJob.kind: job = try NewJob(kind: kind, payload: SleepJob.Payload(milliseconds: signature.milliseconds ?? 1000))
            default: throw CommandFailure("--enqueue takes system.noop or system.sleep")
            }
            let app = context.application
            try await db.transaction { tx in
                for _ in 0..<count { try await JobQueue.enqueue(job, on: tx) }
                try await app.auditOperatorAction("jobs.enqueue", detail: ["kind": .string(kind), "count": .int(Int64(count))], on: tx)
            }
            context.console.print("Queued \(count) \(kind) job(s).")
            return
        }
        if let raw = signature.retry ?? signature.discard {
            guard let id = UUID(uuidString: raw) else { throw CommandFailure("'\(raw)' is not a job id") }
            do {
                let resource = AuditResource(type: "job", id: id.uuidString.lowercased())
                let app = context.application
                let retry = signature.retry != nil
                try await db.transaction { tx in
                    if retry {
                        try await JobQueue.retry(id, on: tx)
                    } else {
                        try await JobQueue.discard(id, on: tx)
                    }
                    try await app.auditOperatorAction(retry ? "jobs.retry" : "jobs.discard", resource: resource, on: tx)
                }
                context.console.print(retry ? "Job \(id) will run again." : "Job \(id) deleted.")
            } catch JobsError.notFound {
                throw CommandFailure("no dead job with id \(id)")
            }
            return
        }
        let counts = try await JobQueue.counts(on: db)
        if counts.isEmpty {
            context.console.print("No jobs.")
        }
        for count in counts {
            context.console.print("\(count.queue)\t\(count.state.rawValue)\t\(count.count)")
        }
        let dead = try await JobQueue.deadJobs(on: db)
        if !dead.isEmpty {
            context.console.print("Dead jobs (newest first):")
            for job in dead {
                context.console.print("\(job.id?.uuidString ?? "-")\t\(job.kind)\t\(job.attempts) attempts\t\(job.lastError ?? "")")
            }
        }
    }
}
