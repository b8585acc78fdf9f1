import FluentKit
import SQLKit

/// The jobs table, with the index workers claim by and a partial unique index that makes
/// idempotency keys exclusive among active jobs only (SQLite and PostgreSQL both support it).
public struct CreateJobs: AsyncMigration {
    public var name: String { "2026-11-23-create-jobs" }

    public init() {}

    public func prepare(on database: any Database) async throws {
        try await database.schema(JobRecord.schema)
            .id()
            .field("kind", .string, .required)
            .field("queue", .string, .required)
            .field("payload", .string, .required)
            .field("priority", .int, .required)
            .field("state", .string, .required)
            .field("attempts", .int, .required)
            .field("max_attempts", .int, .required)
            .field("run_at", .datetime, .required)
            .field("lease_token", .string)
            .field("lease_expires_at", .datetime)
            .field("last_error", .string)
            .field("idempotency_key", .string)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("finished_at", .datetime)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX jobs_claim ON jobs (state, queue, run_at)").run()
        try await sql.raw("CREATE UNIQUE INDEX jobs_active_idempotency_key ON jobs (idempotency_key) WHERE state IN ('pending', 'running')").run()
    }

    public func revert(on database: any Database) async throws {
        try await database.schema(JobRecord.schema).delete()
    }
}
