import Audit
import Core
import Fluent
import Jobs
import Metrics
import SQLKit
import Synchronization
import Vapor

/// Endpoints for load balancers, orchestrators and Prometheus.
struct OperationsRoutes: RouteCollection, Sendable {
    /// Every queue this process has reported, so a queue that empties reports zeros.
    private static let seenQueues = Mutex<Set<String>>(["default"])

    func boot(routes: any RoutesBuilder) throws {
        routes.get("healthz", use: healthz)
        routes.get("readyz", use: readyz)
        routes.get("metrics", use: metrics)
    }

    /// The process is alive and serving; says nothing about the database.
    @Sendable
    func healthz(req: Request) -> Response {
        plain("ok\n")
    }

    /// Whether the request carries the metrics token (always true when none is configured,
    /// which only development and testing allow). Compared in constant time.
    private func isOperator(_ req: Request) -> Bool {
        guard let expected = req.application.webContext.configuration.metricsToken else { return true }
        guard let given = req.headers.bearerAuthorization?.token else { return false }
        return ConstantTime.equals(Array(given.utf8), Array(expected.utf8))
    }

    /// Ready for traffic: the database answers and no migration is pending (else 503). Anonymous
    /// callers (a load balancer) learn ready or not; the reason goes to the log, and to callers
    /// with the metrics token.
    @Sendable
    func readyz(req: Request) async -> Response {
        var problems: [String] = []
        do {
            guard let sql = req.db as? any SQLDatabase else { throw Abort(.internalServerError) }
            try await sql.raw("SELECT 1").run()
            let pending = try await req.application.migrator.previewPrepareBatch().get()
            if !pending.isEmpty { problems.append("migrations pending: \(pending.count)") }
        } catch {
            req.logger.warning("readiness check failed", metadata: ["error": .string(String(describing: error))])
            problems.append("database unreachable or not migrated")
        }
        if !problems.isEmpty { req.logger.warning("not ready", metadata: ["problems": .string(problems.joined(separator: "; "))]) }
        let response = plain(problems.isEmpty ? "ready\n" : isOperator(req) ? problems.joined(separator: "\n") + "\n" : "not ready\n")
        response.status = problems.isEmpty ? .ok : .serviceUnavailable
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    /// Prometheus text exposition of every metric in the process, with the queue depth and the
    /// audit chain's head read from the database at scrape time (every instance reports the same
    /// shared state). The head's history in Prometheus serves as checkpoints kept off this machine.
    @Sendable
    func metrics(req: Request) async -> Response {
        guard isOperator(req) else {
            let refused = plain("a bearer token is required\n")
            refused.status = .unauthorized
            refused.headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer realm=\"metrics\"")
            return refused
        }
        var depth: [String: [JobState: Int]]?
        if let counts = try? await JobQueue.unfinishedCounts(on: req.db) {
            depth = [:]
            for count in counts { depth![count.queue, default: [:]][count.state] = count.count }
        }
        let head = try? await AuditTrail.head(on: req.db)
        // The gauges are the process's, so recording them and rendering the text happen together
        // under one lock: a scrape running at the same time cannot overwrite this one's values
        // between the two (two apps in one test process read different databases).
        let body = Self.seenQueues.withLock { seen -> [UInt8] in
            if let depth {
                // A queue whose last job finished is absent from the counts: its gauges go to 0,
                // not stay at their last value.
                seen.formUnion(depth.keys)
                for queue in seen {
                    let states = depth[queue] ?? [:]
                    for state in [JobState.pending, .running, .dead] {
                        Gauge(label: "hc_jobs", dimensions: [("queue", queue), ("state", state.rawValue)]).record(states[state] ?? 0)
                    }
                }
            }
            if let head {
                Gauge(label: "hc_audit_head_seq").record(head.seq)
                Gauge(label: "hc_audit_head_fingerprint").record(head.fingerprint)
            }
            return Observability.registry.emitToBuffer()
        }
        let response = Response(status: .ok, body: .init(data: Data(body)))
        response.headers.replaceOrAdd(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
        return response
    }

    private func plain(_ text: String) -> Response {
        let response = Response(status: .ok, body: .init(string: text))
        response.headers.replaceOrAdd(name: .contentType, value: "text/plain; charset=utf-8")
        return response
    }
}
