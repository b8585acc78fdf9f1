import Dispatch
import Foundation
import Jobs
import Vapor

/// `healthconnect worker [--queues a,b]`: runs background jobs until SIGTERM or SIGINT, which
/// let the job in hand finish first. Any number of workers may run beside any number of servers.
struct WorkerCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "queues", help: "Comma-separated queues to work (default: default)")
        var queues: String?
        @Option(name: "lease-seconds", help: "How long a claimed job stays this worker's without renewal (default 60)")
        var leaseSeconds: Int?
        @Option(name: "poll-ms", help: "How long an idle worker waits before looking again (default 1000)")
        var pollMilliseconds: Int?
    }

    var help: String { "Runs background jobs until stopped; SIGTERM lets the current job finish." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let queues = signature.queues?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } ?? ["default"]
        let lease = signature.leaseSeconds ?? 60
        let poll = signature.pollMilliseconds ?? 1000
        guard (1...3600).contains(lease) else { throw CommandFailure("--lease-seconds must be from 1 to 3600") }
        guard (10...60_000).contains(poll) else { throw CommandFailure("--poll-ms must be from 10 to 60000") }
        let (wakeups, listener) = context.application.startJobWakeups()
        let worker = context.application.makeWorker(WorkerConfiguration(
            queues: queues, leaseDuration: TimeInterval(lease), pollInterval: .milliseconds(poll)), wakeups: wakeups)
        // Signals are caught before the worker starts: a SIGTERM that arrived first would otherwise
        // take the default action and kill the process in the middle of a job.
        let stop = AsyncStream<Void>.makeStream()
        let sources = [SIGTERM, SIGINT].map { number -> any DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler { stop.continuation.yield() }
            source.resume()
            return source
        }
        let task = Task { await worker.run() }
        let checkpoints = context.application.startAuditCheckpoints()
        let watcher = Task {
            for await _ in stop.stream {
                task.cancel()
                break
            }
        }
        context.console.print("Worker running on queues: \(queues.joined(separator: ", ")). Stop with Ctrl-C or SIGTERM.")
        await task.value
        checkpoints.cancel()
        await checkpoints.value
        listener?.cancel()
        await listener?.value
        watcher.cancel()
        sources.forEach { $0.cancel() }
    }
}
