import Accounts
import FluentKit
import Foundation
import Jobs

/// Deletes session rows whose deadline has passed (their cookies are dead anyway), and account
/// sessions and link tokens a month after they ended.
/// Runs every fifteen minutes as a recurring job; deleting twice is harmless.
struct PurgeExpiredSessions: JobHandler {
    static let kind = "sessions.purge"
    var kind: String { Self.kind }

    static func recurring() throws -> RecurringJob {
        try RecurringJob(name: "sessions.purge", schedule: "*/15 * * * *", job: NewJob(kind: kind, maxAttempts: 3))
    }

    func run(_ job: ClaimedJob, context: JobContext) async throws {
        try await SessionRecord.query(on: context.database).filter(\.$expiresAt < Date()).delete()
        try await AccountSessions.purge(olderThan: 30 * 86_400, on: context.database)
    }
}
