import Foundation
import Jobs
import Vapor

/// `healthconnect jobs`: jobs per queue and state, and dead jobs with their last error;
/// `--retry ID` gives a dead job new attempts, `--discard ID` deletes it.
struct JobsCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "retry", help: "Retry the dead job with this id")
        var retry: String?
        @Option(name: "discard", help: "Delete the dead job with this id")
        var discard: String?
    }

    var help: String { "Shows the job queues; retries or discards dead jobs." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let db = context.application.db
        if let raw = signature.retry ?? signature.discard {
            guard let id = UUID(uuidString: raw) else { throw JobsCommandError("'\(raw)' is not a job id") }
            do {
                if signature.retry != nil {
                    try await JobQueue.retry(id, on: db)
                    context.console.print("Job \(id) will run again.")
                } else {
                    try await JobQueue.discard(id, on: db)
                    context.console.print("Job \(id) deleted.")
                }
            } catch JobsError.notFound {
                throw JobsCommandError("no dead job with id \(id)")
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

/// One clear line for the operator.
struct JobsCommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
