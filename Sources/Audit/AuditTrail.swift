import Core
import FluentKit
import Foundation
import SQLKit

/// The append-only audit trail. There is one chain per database: every event, whatever its
/// area, links to the one before it, and the `audit_chain` row holds the head (sequence number
/// and MAC) that appenders lock to take their turn.
///
/// Nothing here updates or deletes an event; database triggers refuse both as a second line.
public struct AuditTrail: Sendable {
    public let keyring: SecretKeyring
    /// The largest canonical detail accepted, in bytes: events are records, not documents.
    public static let maximumDetailBytes = 8192

    public init(keyring: SecretKeyring) {
        self.keyring = keyring
    }

    /// Appends `event` and returns it as stored. Inside a caller's transaction the event commits
    /// or rolls back with the change it records; otherwise it commits on its own.
    ///
    /// Appenders serialize on the head row: `UPDATE … RETURNING` locks it on PostgreSQL, and is a
    /// write (taking SQLite's lock) before anything is read. The time is taken after the lock, so
    /// times never run backwards along the chain.
    @discardableResult
    public func append(_ event: AuditEvent, on database: any Database, at time: Date? = nil) async throws -> AuditEntry {
        let detail: String
        do {
            detail = try CanonicalJSON.encode(.object(event.detail))
        } catch {
            throw AuditError.invalidDetail(error.description)
        }
        guard detail.utf8.count <= Self.maximumDetailBytes else {
            throw AuditError.invalidDetail("\(detail.utf8.count) bytes is over the limit of \(Self.maximumDetailBytes)")
        }
        return try await database.writeTransaction { sql in
            guard let head = try await sql.raw("UPDATE audit_chain SET seq = seq + 1 WHERE id = 'main' RETURNING seq, mac, head_key_id").first() else {
                throw AuditError.chainMissing
            }
            let key = signingKey(after: try head.decode(column: "head_key_id", as: String.self))
            var entry = AuditEntry(
                seq: try head.decode(column: "seq", as: Int64.self),
                occurredAt: AuditEntry.microseconds(time ?? Date()),
                actorType: event.actor.type, actorID: event.actor.id,
                action: event.action,
                resourceType: event.resource?.type, resourceID: event.resource?.id,
                outcome: event.outcome.rawValue,
                clientIP: event.origin.clientIP, userAgent: event.origin.userAgent, requestID: event.origin.requestID,
                detail: detail, keyID: key.keyID, mac: "", subject: event.subject?.value
            )
            entry.mac = AuditMAC.compute(entry, previous: try head.decode(column: "mac", as: String.self), key: key)
            try await sql.raw("""
                INSERT INTO audit_events (seq, occurred_at, actor_type, actor_id, action, resource_type, resource_id,
                                          outcome, client_ip, user_agent, request_id, detail, key_id, mac, subject, envelope)
                VALUES (\(bind: entry.seq), \(bind: entry.occurredAt), \(bind: entry.actorType), \(bind: entry.actorID),
                        \(bind: entry.action), \(bind: entry.resourceType), \(bind: entry.resourceID), \(bind: entry.outcome),
                        \(bind: entry.clientIP), \(bind: entry.userAgent), \(bind: entry.requestID), \(bind: entry.detail),
                        \(bind: entry.keyID), \(bind: entry.mac), \(bind: entry.subject), \(bind: entry.envelope))
                """).run()
            let seal = AuditMAC.seal(AuditCheckpoint(seq: entry.seq, mac: entry.mac), key: key)
            try await sql.raw("""
                UPDATE audit_chain SET mac = \(bind: entry.mac), head_mac = \(bind: seal), head_key_id = \(bind: key.keyID) WHERE id = 'main'
                """).run()
            return entry
        }
    }

    /// The current audit key, or the head's key when that is newer: mid-rotation another instance
    /// may already sign with the new key, and an event signed after it with an older key would be
    /// a break (a retired key must not be able to add to recent history).
    func signingKey(after headKeyID: String) -> DerivedKey {
        let current = keyring.currentKey(for: .auditMAC)
        guard let headAge = keyring.age(of: headKeyID), let currentAge = keyring.age(of: current.keyID), headAge < currentAge,
              let newer = keyring.key(for: .auditMAC, id: headKeyID) else { return current }
        return newer
    }

    /// The chain's head: the last sequence number and its MAC (sequence 0 and the genesis MAC
    /// when empty). Logged and exported as checkpoints.
    ///
    /// The row also carries its seal (`head_mac`, under the key `head_key_id`), which `verify`
    /// checks: a head rewound without the audit key fails.
    public static func head(on database: any Database) async throws -> AuditCheckpoint {
        guard let sql = database as? any SQLDatabase else { throw UnsupportedDatabase() }
        guard let row = try await sql.raw("SELECT seq, mac FROM audit_chain WHERE id = 'main'").first() else {
            throw AuditError.chainMissing
        }
        return AuditCheckpoint(seq: try row.decode(column: "seq", as: Int64.self), mac: try row.decode(column: "mac", as: String.self))
    }

    /// The head's seal and the id of the key it was made with.
    static func headSeal(on database: any Database) async throws -> (mac: String, keyID: String) {
        guard let sql = database as? any SQLDatabase else { throw UnsupportedDatabase() }
        guard let row = try await sql.raw("SELECT head_mac, head_key_id FROM audit_chain WHERE id = 'main'").first() else {
            throw AuditError.chainMissing
        }
        return (try row.decode(column: "head_mac", as: String.self), try row.decode(column: "head_key_id", as: String.self))
    }

    /// Events in sequence order after `seq`, at most `limit`.
    public static func entries(after seq: Int64, limit: Int, on database: any Database) async throws -> [AuditEntry] {
        guard let sql = database as? any SQLDatabase else { throw UnsupportedDatabase() }
        return try await sql.raw("""
            SELECT seq, occurred_at, actor_type, actor_id, action, resource_type, resource_id, outcome,
                   client_ip, user_agent, request_id, detail, key_id, mac, subject, envelope
            FROM audit_events WHERE seq > \(bind: seq) ORDER BY seq LIMIT \(literal: limit)
            """).all().map(AuditEntry.init(row:))
    }

    /// The newest `limit` events, newest first.
    public static func latest(_ limit: Int, on database: any Database) async throws -> [AuditEntry] {
        guard let sql = database as? any SQLDatabase else { throw UnsupportedDatabase() }
        return try await sql.raw("""
            SELECT seq, occurred_at, actor_type, actor_id, action, resource_type, resource_id, outcome,
                   client_ip, user_agent, request_id, detail, key_id, mac, subject, envelope
            FROM audit_events ORDER BY seq DESC LIMIT \(literal: limit)
            """).all().map(AuditEntry.init(row:))
    }

    /// The newest `limit` events about `subject`, newest first (a person's access log), through
    /// the subject index.
    public static func events(about subject: AuditSubject, limit: Int, on database: any Database) async throws -> [AuditEntry] {
        guard let sql = database as? any SQLDatabase else { throw UnsupportedDatabase() }
        return try await sql.raw("""
            SELECT seq, occurred_at, actor_type, actor_id, action, resource_type, resource_id, outcome,
                   client_ip, user_agent, request_id, detail, key_id, mac, subject, envelope
            FROM audit_events WHERE subject = \(bind: subject.value) ORDER BY seq DESC LIMIT \(literal: limit)
            """).all().map(AuditEntry.init(row:))
    }
}

extension AuditEntry {
    init(row: any SQLRow) throws {
        self.init(
            seq: try row.decode(column: "seq", as: Int64.self),
            occurredAt: try row.decode(column: "occurred_at", as: Int64.self),
            actorType: try row.decode(column: "actor_type", as: String.self),
            actorID: try row.decode(column: "actor_id", as: String?.self),
            action: try row.decode(column: "action", as: String.self),
            resourceType: try row.decode(column: "resource_type", as: String?.self),
            resourceID: try row.decode(column: "resource_id", as: String?.self),
            outcome: try row.decode(column: "outcome", as: String.self),
            clientIP: try row.decode(column: "client_ip", as: String?.self),
            userAgent: try row.decode(column: "user_agent", as: String?.self),
            requestID: try row.decode(column: "request_id", as: String?.self),
            detail: try row.decode(column: "detail", as: String.self),
            keyID: try row.decode(column: "key_id", as: String.self),
            mac: try row.decode(column: "mac", as: String.self),
            subject: try row.decode(column: "subject", as: String?.self),
            envelope: Int(try row.decode(column: "envelope", as: Int64.self))
        )
    }
}
