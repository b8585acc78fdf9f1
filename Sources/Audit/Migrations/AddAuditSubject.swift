import Core
import FluentKit
import SQLKit

/// Whose data each event is about (`subject`), indexed for a person's access log, and the shape of
/// the envelope the MAC covers (`envelope`): events written before keep shape 1 and verify as
/// they were; new ones are shape 2, which covers the subject.
public struct AddAuditSubject: AsyncMigration {
    public var name: String { "2026-12-02-audit-subject" }

    public init() {}

    public func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { throw UnsupportedDatabase() }
        try await sql.raw("ALTER TABLE audit_events ADD COLUMN subject TEXT").run()
        try await sql.raw("ALTER TABLE audit_events ADD COLUMN envelope BIGINT NOT NULL DEFAULT 1").run()
        try await sql.raw("CREATE INDEX audit_events_subject ON audit_events (subject, seq) WHERE subject IS NOT NULL").run()
    }

    public func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { throw UnsupportedDatabase() }
        try await sql.raw("DROP INDEX audit_events_subject").run()
        try await sql.raw("ALTER TABLE audit_events DROP COLUMN subject").run()
        try await sql.raw("ALTER TABLE audit_events DROP COLUMN envelope").run()
    }
}
