import FluentKit
import SQLKit

/// How many times a job's worker stopped in the middle of it (its lease expired), so a job that
/// kills its worker every time goes dead instead of looping; and the index the retention purge
/// deletes finished jobs by.
public struct AddJobInterruptions: AsyncMigration {
    public var name: String { "2026-12-01-jobs-interruptions" }

    public init() {}

    public func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { throw JobsError.unsupportedDatabase }
        try await sql.raw("ALTER TABLE jobs ADD COLUMN interruptions INTEGER NOT NULL DEFAULT 0").run()
        try await sql.raw("CREATE INDEX jobs_finished ON jobs (state, finished_at)").run()
    }

    public func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { throw JobsError.unsupportedDatabase }
        try await sql.raw("DROP INDEX jobs_finished").run()
        try await sql.raw("ALTER TABLE jobs DROP COLUMN interruptions").run()
    }
}
