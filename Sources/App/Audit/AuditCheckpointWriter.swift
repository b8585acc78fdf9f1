import Audit
import FluentKit
import Foundation
import Logging

/// Writes the chain's head to the checkpoint sink every minute while a worker runs, and once more
/// as it stops, so the file is never more than a minute behind the database. It runs beside the
/// worker rather than as a job: a long queue must not delay the checkpoints.
struct AuditCheckpointWriter: Sendable {
    let sink: any AuditCheckpointSink
    let database: @Sendable () -> any Database
    let logger: Logger
    var interval: Duration = .seconds(60)

    /// Until cancelled; the last checkpoint is written after cancellation.
    func run() async {
        while !Task.isCancelled {
            await writeOnce()
            try? await Task.sleep(for: interval)
        }
        await writeOnce()
    }

    func writeOnce() async {
        do {
            let head = try await AuditTrail.head(on: database())
            try await sink.append(head, at: Date())
        } catch {
            // Not fatal for the worker, but an operator must hear of it: verification leans on it.
            logger.error("audit checkpoint not written", metadata: ["error": .string(String(describing: error)), "location": .string(sink.location)])
        }
    }
}
