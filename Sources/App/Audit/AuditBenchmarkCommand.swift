import Audit
import Core
import Foundation
import Vapor
import Web

/// `healthconnect bench-audit --events N --writers W`: appends N events from W concurrent writers
/// and prints the rate, for `bench/audit.sh`. The events are real (actor `operator`, action
/// `bench.audit`), so it refuses to run in production, where they would join the clinic's trail.
struct AuditBenchmarkCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "events", help: "How many events in all (default 5000)")
        var events: Int?
        @Option(name: "writers", help: "How many concurrent writers (default 1)")
        var writers: Int?
    }

    var help: String { "Measures audited appends per second (not in production)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard !app.webContext.configuration.environment.isProduction else {
            throw CommandFailure("bench-audit writes events to the audit trail; it does not run in production")
        }
        let events = signature.events ?? 5000
        let writers = signature.writers ?? 1
        guard (1...1_000_000).contains(events), (1...64).contains(writers) else {
            throw CommandFailure("--events must be from 1 to 1000000 and --writers from 1 to 64")
        }
        let trail = app.auditTrail
        let database = app.db
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                let share = events / writers + (writer < events % writers ? 1 : 0)
                group.addTask {
                    for n in 0..<share {
                        let event = AuditEvent(actor: .operator("bench"), action: "bench.audit",
                                               resource: AuditResource(type: "patient", id: "bench-\(writer)-\(n)"),
                                               origin: AuditOrigin(clientIP: "203.0.113.9", userAgent: "healthconnect/bench", requestID: "bench"),
                                               detail: ["writer": .int(Int64(writer)), "n": .int(Int64(n))])
                        try await trail.append(event, on: database)
                    }
                }
            }
            try await group.waitForAll()
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        context.console.print(String(format: "%d events, %d writer(s): %.2f s, %.0f events/s", events, writers, seconds, Double(events) / seconds))
    }
}
