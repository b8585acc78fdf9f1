import FluentKit
import Foundation
import SQLKit

/// How long finished jobs are kept. Their payloads hold names and addresses (a mail job's
/// recipient), so they go once nobody needs them: succeeded jobs after a week, dead ones (kept
/// for an operator to look at and retry) after a month.
public struct JobRetention: Sendable, Equatable {
    public var succeeded: TimeInterval
    public var dead: TimeInterval

    public init(succeededDays: Int = 7, deadDays: Int = 30) {
        self.succeeded = TimeInterval(succeededDays) * 86_400
        self.dead = TimeInterval(deadDays) * 86_400
    }
}

extension JobQueue {
    /// Deletes succeeded and dead jobs that finished longer ago than `retention` allows; returns
    /// how many. Reads through the `jobs_finished` index.
    @discardableResult
    public static func purgeFinished(_ retention: JobRetention, on database: any Database, now: Date = Date()) async throws -> Int {
        let sql = try sqlDatabase(database)
        let succeeded = try await sql.raw("""
            DELETE FROM jobs WHERE state = 'succeeded' AND finished_at < \(bind: now.addingTimeInterval(-retention.succeeded)) RETURNING id
            """).all().count
        let dead = try await sql.raw("""
            DELETE FROM jobs WHERE state = 'dead' AND finished_at < \(bind: now.addingTimeInterval(-retention.dead)) RETURNING id
            """).all().count
        return succeeded + dead
    }
}

/// The recurring job that applies `JobRetention`, hourly; deleting twice is harmless.
public struct PurgeFinishedJobs: JobHandler {
    public static let kind = "jobs.purge"
    public var kind: String { Self.kind }
    let retention: JobRetention

    public init(retention: JobRetention) {
        self.retention = retention
    }

    public static func recurring() throws -> RecurringJob {
        try RecurringJob(name: kind, schedule: "7 * * * *", job: NewJob(kind: kind, maxAttempts: 3))
    }

    public func run(_ job: ClaimedJob, context: JobContext) async throws {
        let deleted = try await JobQueue.purgeFinished(retention, on: context.database)
        if deleted > 0 { context.logger.info("finished jobs deleted", metadata: ["count": .stringConvertible(deleted)]) }
    }
}
