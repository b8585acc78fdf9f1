import Foundation

/// How long a failed job waits before its next attempt: exponential with full jitter, capped.
///
/// Jitter spreads retries of jobs that failed together (a mail server that was down) so they do
/// not all return at the same second.
public struct Backoff: Sendable {
    public var base: TimeInterval
    public var cap: TimeInterval

    public init(base: TimeInterval = 10, cap: TimeInterval = 3600) {
        self.base = base
        self.cap = cap
    }

    /// The upper bound of the delay after the `attempt`-th failure (1-based).
    public func ceiling(afterAttempt attempt: Int) -> TimeInterval {
        min(cap, base * pow(2, Double(max(0, attempt - 1))))
    }

    /// A delay drawn uniformly from the second half of the ceiling, so a retry is never immediate.
    public func delay(afterAttempt attempt: Int, random: Double = Double.random(in: 0..<1)) -> TimeInterval {
        let ceiling = ceiling(afterAttempt: attempt)
        return ceiling / 2 + random * ceiling / 2
    }
}
