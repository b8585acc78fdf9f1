import FluentKit
import SQLKit

/// The audit tables: `audit_events` (append-only, guarded by triggers) and `audit_chain` (the
/// head row appenders lock). Written in SQL because the column types must be exact on both
/// engines: integer microseconds and text, so the MAC covers the same bytes everywhere.
/// A migration whose revert deletes audit events: `migrate --revert` refuses it unless the
/// operator names the loss.
public protocol DeletesAuditTrailOnRevert {}

public struct CreateAuditEvents: AsyncMigration, DeletesAuditTrailOnRevert {
    public var name: String { "2026-11-23-create-audit-events" }

    public init() {}

    public func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("""
            CREATE TABLE audit_events (
                seq BIGINT PRIMARY KEY,
                occurred_at BIGINT NOT NULL,
                actor_type TEXT NOT NULL,
                actor_id TEXT,
                action TEXT NOT NULL,
                resource_type TEXT,
                resource_id TEXT,
                outcome TEXT NOT NULL,
                client_ip TEXT,
                user_agent TEXT,
                request_id TEXT,
                detail TEXT NOT NULL,
                key_id TEXT NOT NULL,
                mac TEXT NOT NULL
            )
            """).run()
        try await sql.raw("CREATE INDEX audit_events_resource ON audit_events (resource_type, resource_id, seq)").run()
        try await sql.raw("CREATE INDEX audit_events_actor ON audit_events (actor_type, actor_id, seq)").run()
        try await sql.raw("CREATE TABLE audit_chain (id TEXT PRIMARY KEY, seq BIGINT NOT NULL, mac TEXT NOT NULL)").run()
        try await sql.raw("INSERT INTO audit_chain (id, seq, mac) VALUES ('main', 0, \(bind: AuditMAC.genesis))").run()

        if sql.dialect.name == "postgresql" {
            try await sql.raw("""
                CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP;
                END
                $$
                """).run()
            try await sql.raw("""
                CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
                FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change()
                """).run()
            try await sql.raw("""
                CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
                FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change()
                """).run()
        } else {
            for operation in ["UPDATE", "DELETE"] {
                try await sql.raw("""
                    CREATE TRIGGER audit_events_no_\(unsafeRaw: operation.lowercased()) BEFORE \(unsafeRaw: operation) ON audit_events
                    BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: \(unsafeRaw: operation) refused'); END
                    """).run()
            }
        }
    }

    public func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("DROP TABLE audit_events").run()
        try await sql.raw("DROP TABLE audit_chain").run()
        if sql.dialect.name == "postgresql" {
            try await sql.raw("DROP FUNCTION audit_events_refuse_change()").run()
        }
    }
}
