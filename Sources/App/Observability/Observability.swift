import Core
import Foundation
import Logging
import Metrics
import Prometheus
import Synchronization

/// Process-wide logging and metrics. Both systems can be bootstrapped only once per process,
/// so the entry point and the test support call `bootstrap` and the second call does nothing.
public enum Observability {
    /// Every metric of the process: Vapor's (`http_requests_total`, …) and ours (`hc_…`).
    public static let registry = PrometheusCollectorRegistry()

    private static let bootstrapped = Mutex<(logging: Bool, metrics: Bool)>((false, false))

    /// Routes swift-log to JSON lines at `level`.
    public static func bootstrapLogging(level: LogLevel) {
        let first = bootstrapped.withLock { state in
            defer { state.logging = true }
            return !state.logging
        }
        guard first else { return }
        let swiftLogLevel = Logger.Level(rawValue: level.rawValue) ?? .info
        LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: swiftLogLevel) }
    }

    /// Routes swift-metrics to the Prometheus registry.
    public static func bootstrapMetrics() {
        let first = bootstrapped.withLock { state in
            defer { state.metrics = true }
            return !state.metrics
        }
        guard first else { return }
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    }
}
