import Audit
import FluentKit
import Jobs
import Logging

/// Writes the chain's head to the log every five minutes. Log lines leave the machine (a log
/// shipper, journald), so a later `audit verify --checkpoint SEQ:MAC` can prove the newest
/// events were not deleted nor the chain rebuilt since.
struct AuditCheckpointJob: JobHandler {
    static let kind = "audit.checkpoint"
    var kind: String { Self.kind }

    static func recurring() throws -> RecurringJob {
        try RecurringJob(name: kind, schedule: "*/5 * * * *", job: NewJob(kind: kind, maxAttempts: 3))
    }

    func run(_ job: ClaimedJob, context: JobContext) async throws {
        let head = try await AuditTrail.head(on: context.database)
        context.logger.notice("audit checkpoint", metadata: [
            "audit_seq": .stringConvertible(head.seq),
            "audit_mac": .string(head.mac),
            "checkpoint": .string(head.description),
        ])
    }
}
