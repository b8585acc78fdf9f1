import Core
import FluentKit
import SQLKit

/// Seals the chain's head row with the audit key (`head_mac`, and the key it was made with), so a
/// head rewound to an earlier event, or back to the genesis value, fails `audit verify` unless the
/// one rewinding it holds the key. The existing head is sealed as the migration runs.
public struct AddAuditHeadSeal: AsyncMigration {
    public var name: String { "2026-12-02-audit-head-seal" }
    let keyring: SecretKeyring

    public init(keyring: SecretKeyring) {
        self.keyring = keyring
    }

    public func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { throw UnsupportedDatabase() }
        try await sql.raw("ALTER TABLE audit_chain ADD COLUMN head_mac TEXT NOT NULL DEFAULT ''").run()
        try await sql.raw("ALTER TABLE audit_chain ADD COLUMN head_key_id TEXT NOT NULL DEFAULT ''").run()
        let head = try await AuditTrail.head(on: database)
        let key = keyring.currentKey(for: .auditMAC)
        try await sql.raw("""
            UPDATE audit_chain SET head_mac = \(bind: AuditMAC.seal(head, key: key)), head_key_id = \(bind: key.keyID) WHERE id = 'main'
            """).run()
    }

    public func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { throw UnsupportedDatabase() }
        try await sql.raw("ALTER TABLE audit_chain DROP COLUMN head_mac").run()
        try await sql.raw("ALTER TABLE audit_chain DROP COLUMN head_key_id").run()
    }
}
