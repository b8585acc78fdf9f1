import Audit
import Foundation
import Vapor

/// `healthconnect audit verify [--checkpoint SEQ:MAC]…` walks the whole chain, checks it against
/// the newest checkpoint in the checkpoint file and any given, and exits non-zero naming the
/// first broken link; `healthconnect audit tail [--limit N]` prints the newest events.
struct AuditCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "verify or tail")
        var action: String
        @Option(name: "checkpoint", help: "SEQ:MAC from a checkpoint log line or /metrics; repeat for several")
        var checkpoint: String?
        @Option(name: "limit", help: "For tail: how many events (default 20)")
        var limit: Int?
    }

    var help: String { "Verifies the audit chain, or shows its newest events." }

    func run(using context: CommandContext, signature: Signature) async throws {
        switch signature.action {
        case "verify": try await verify(context, signature)
        case "tail": try await tail(context, limit: signature.limit ?? 20)
        default: throw CommandFailure("audit takes verify or tail, not '\(signature.action)'")
        }
    }

    private func verify(_ context: CommandContext, _ signature: Signature) async throws {
        let app = context.application
        var checkpoints: [AuditCheckpoint] = []
        for raw in (signature.checkpoint ?? "").split(separator: ",") {
            guard let checkpoint = AuditCheckpoint(parsing: String(raw)) else {
                throw CommandFailure("--checkpoint takes SEQ:MAC (at least 12 hex digits), not '\(raw)'")
            }
            checkpoints.append(checkpoint)
        }
        let sink = app.auditCheckpoints
        let newest: (checkpoint: AuditCheckpoint, writtenAt: Date)?
        do {
            newest = try await sink.newest()
        } catch {
            throw CommandFailure("cannot read the checkpoints: \(error)")
        }
        if let newest {
            checkpoints.append(newest.checkpoint)
            context.console.print("Checking against the newest checkpoint in \(sink.location): \(newest.checkpoint.seq), written \(ISO8601DateFormatter().string(from: newest.writtenAt)).")
        } else {
            context.console.print("No checkpoint in \(sink.location) yet (a worker writes one a minute): only the database itself is checked.")
        }
        let result = try await app.auditTrail.verify(on: app.db, checkpoints: checkpoints)
        try await app.auditOperatorAction("audit.verify", outcome: result.isIntact ? .success : .failure, detail: [
            "verified_events": .int(result.verifiedEvents),
            "first_break": result.firstBreak.map { .int($0.seq) } ?? .null,
        ])
        if let broken = result.firstBreak {
            context.console.print("Verified \(result.verifiedEvents) event(s); the last intact link is \(result.lastIntact).")
            throw CommandFailure("audit chain broken at \(broken)")
        }
        context.console.print("Audit chain intact: \(result.verifiedEvents) event(s), head \(result.lastIntact).")
    }

    private func tail(_ context: CommandContext, limit: Int) async throws {
        guard (1...10_000).contains(limit) else { throw CommandFailure("--limit must be from 1 to 10000") }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        for entry in try await AuditTrail.latest(limit, on: context.application.db).reversed() {
            let actor = [entry.actorType, entry.actorID].compactMap { $0 }.joined(separator: ":")
            let resource = [entry.resourceType, entry.resourceID].compactMap { $0 }.joined(separator: ":")
            context.console.print([String(entry.seq), formatter.string(from: entry.date), actor, entry.action,
                                   resource.isEmpty ? "-" : resource, entry.outcome, entry.clientIP ?? "-", entry.detail]
                .joined(separator: "\t"))
        }
    }
}
