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
    }

    var help: String { "Runs background jobs until stopped; SIGTERM lets the current job finish." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let queues = signature.queues?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } ?? ["default"]
        let worker = context.application.makeWorker(queues: queues)
        let task = Task { await worker.run() }
        let sources = [SIGTERM, SIGINT].map { number -> any DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler { task.cancel() }
            source.resume()
            return source
        }
        context.console.print("Worker running on queues: \(queues.joined(separator: ", ")). Stop with Ctrl-C or SIGTERM.")
        await task.value
        sources.forEach { $0.cancel() }
    }
}
