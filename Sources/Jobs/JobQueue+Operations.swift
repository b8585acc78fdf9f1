import FluentKit
import Foundation
import SQLKit

extension JobQueue {
    /// Jobs per queue and state, for `healthconnect jobs` and `/metrics`.
    public struct Count: Sendable, Equatable {
        public let queue: String
        public let state: JobState
        public let count: Int

        public init(queue: String, state: JobState, count: Int) {
            self.queue = queue
            self.state = state
            self.count = count
        }
    }

    public static func counts(on database: any Database) async throws -> [Count] {
        try await counts(try sqlDatabase(database).raw(countQuery(unfinishedOnly: false)))
    }

    /// Jobs per queue that are pending, running or dead, for `/metrics`: read through the claim
    /// index, so a scrape stays cheap however many finished jobs the table holds.
    public static func unfinishedCounts(on database: any Database) async throws -> [Count] {
        try await counts(try sqlDatabase(database).raw(countQuery(unfinishedOnly: true)))
    }

    static func countQuery(unfinishedOnly: Bool) -> SQLQueryString {
        let filter: SQLQueryString = unfinishedOnly ? "WHERE state IN ('pending', 'running', 'dead')" : ""
        return "SELECT queue, state, COUNT(*) AS n FROM jobs \(filter) GROUP BY queue, state ORDER BY queue, state"
    }

    private static func counts(_ query: SQLRawBuilder) async throws -> [Count] {
        try await query.all().compactMap { row in
            guard let state = JobState(rawValue: try row.decode(column: "state", as: String.self)) else { return nil }
            return Count(queue: try row.decode(column: "queue", as: String.self), state: state,
                         count: try row.decode(column: "n", as: Int.self))
        }
    }

    /// Dead jobs, newest first, with their last error.
    public static func deadJobs(limit: Int = 50, on database: any Database) async throws -> [JobRecord] {
        try await JobRecord.query(on: database).filter(\.$state == .dead)
            .sort(\.$updatedAt, .descending).limit(limit).all()
    }

    /// Gives a dead job a fresh set of attempts, to run now.
    public static func retry(_ id: UUID, on database: any Database, now: Date = Date()) async throws {
        let rows = try await sqlDatabase(database).raw("""
            UPDATE jobs SET state = 'pending', attempts = 0, run_at = \(bind: now), finished_at = NULL, updated_at = \(bind: now)
            WHERE id = \(bind: id) AND state = 'dead'
            RETURNING id
            """).all()
        if rows.isEmpty { throw JobsError.notFound }
    }

    /// Deletes a dead job for good.
    public static func discard(_ id: UUID, on database: any Database) async throws {
        let rows = try await sqlDatabase(database).raw("DELETE FROM jobs WHERE id = \(bind: id) AND state = 'dead' RETURNING id").all()
        if rows.isEmpty { throw JobsError.notFound }
    }
}
