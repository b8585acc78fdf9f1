import Core
import Foundation
import SQLKit

/// What the runtime role of `serve` and `worker` may do on PostgreSQL when `migrate` runs as a
/// separate owner role: read and write the application's tables, append to the audit trail and
/// move its sealed head, but never update, delete or truncate audit events. Dropping or disabling
/// the triggers, altering tables and truncating need ownership, which stays with the owner role.
///
/// Granted after every `migrate`, so tables added later are covered; granting is idempotent.
enum RuntimeRoleGrants {
    static func apply(to role: String, on sql: any SQLDatabase) async throws -> [String] {
        let name = quoted(role)
        var notes: [String] = []
        if let row = try await sql.raw("SELECT rolsuper FROM pg_roles WHERE rolname = \(bind: role)").first(),
           try row.decode(column: "rolsuper", as: Bool.self) {
            notes.append("warning: runtime role '\(role)' is a superuser, which no grant can restrict")
        }
        for statement in [
            "GRANT USAGE ON SCHEMA public TO \(name)",
            "REVOKE CREATE ON SCHEMA public FROM \(name)",
            "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO \(name)",
            "GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO \(name)",
            "REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_events FROM \(name)",
            "REVOKE DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_chain FROM \(name)",
            "REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON _fluent_migrations FROM \(name)",
        ] {
            try await sql.raw(SQLQueryString(statement)).run()
        }
        return notes
    }

    /// A PostgreSQL identifier in double quotes, inner quotes doubled: role names come from a URL.
    static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
