import Foundation
import FluentKit
import Logging

/// Runs one kind of job. Handlers must be idempotent: delivery is at least once, so a job whose
/// worker died after the work but before `complete` runs again.
public protocol JobHandler: Sendable {
    /// The kind string jobs for this handler carry, fixed forever once jobs of it exist.
    var kind: String { get }
    /// Does the work; throwing fails this attempt (it is retried with backoff until out of
    /// attempts, or not at all for a `PermanentJobFailure`). When the worker loses the job's
    /// lease the task is cancelled: stop soon, since another worker may be running the job.
    func run(_ job: ClaimedJob, context: JobContext) async throws
}

/// Thrown by a handler when trying again cannot help (the server refused the address for good,
/// the payload cannot be read): the job goes dead at once, with `reason` as its last error.
public struct PermanentJobFailure: Error, CustomStringConvertible {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// Thrown by a handler when the job could not run for a reason outside it (a service it needs is
/// down): it runs again after `delay`, and the attempt does not count, so waiting for the service
/// never makes the job dead.
public struct JobRetryLater: Error, CustomStringConvertible {
    public let reason: String
    public let delay: TimeInterval
    public init(_ reason: String, after delay: TimeInterval) {
        self.reason = reason
        self.delay = delay
    }
    public var description: String { reason }
}

/// What a handler gets besides its job.
public struct JobContext: Sendable {
    public let database: any Database
    public let logger: Logger
    /// When the job was claimed: the moment a handler acts at.
    public let now: Date

    public init(database: any Database, logger: Logger, now: Date = Date()) {
        self.database = database
        self.logger = logger
        self.now = now
    }
}

/// A job that does nothing: for smoke tests of a deployment and for queue benchmarks.
public struct NoopJob: JobHandler {
    public static let kind = "system.noop"
    public var kind: String { Self.kind }

    public init() {}

    public func run(_ job: ClaimedJob, context: JobContext) async throws {}
}

/// A job that waits: for checking that workers pick up work and keep long jobs leased.
/// Payload `{"milliseconds": N}`, at most one minute.
public struct SleepJob: JobHandler {
    public static let kind = "system.sleep"
    public var kind: String { Self.kind }

    public struct Payload: Codable, Sendable {
        public var milliseconds: Int
        public init(milliseconds: Int) { self.milliseconds = milliseconds }
    }

    public init() {}

    public func run(_ job: ClaimedJob, context: JobContext) async throws {
        let payload = try JSONDecoder().decode(Payload.self, from: Data(job.payload.utf8))
        try await Task.sleep(for: .milliseconds(min(max(payload.milliseconds, 0), 60_000)))
    }
}
