import Core
import FluentKit
import Foundation
import SQLKit

/// The durable queue: every operation takes the `Database` to run on, so `enqueue` joins the
/// caller's transaction and a rolled-back change leaves no job.
///
/// Delivery is at least once. A claim gives the worker a lease (token and expiry); only the
/// current token can complete or fail the job, and a job whose lease expired (its worker died)
/// is claimed again by the next worker. Handlers must therefore be idempotent.
public enum JobQueue {
    /// The PostgreSQL channel enqueues notify, with the queue's name as payload.
    public static let notificationChannel = "hc_jobs"

    /// Adds a job; nil when `idempotencyKey` matches a job that is still pending or running.
    @discardableResult
    public static func enqueue(_ job: NewJob, on database: any Database, now: Date = Date()) async throws -> UUID? {
        let sql = try sqlDatabase(database)
        let id = UUID()
        // ON CONFLICT rather than catching the error: on PostgreSQL a failed INSERT would abort
        // the caller's whole transaction.
        let insert: SQLQueryString = """
            INSERT INTO jobs (id, kind, queue, payload, priority, state, attempts, max_attempts, run_at,
                              idempotency_key, created_at, updated_at)
            VALUES (\(bind: id), \(bind: job.kind), \(bind: job.queue), \(bind: job.payload), \(bind: job.priority),
                    'pending', 0, \(bind: max(1, job.maxAttempts)), \(bind: job.runAt ?? now), \(bind: job.idempotencyKey),
                    \(bind: now), \(bind: now))
            ON CONFLICT (idempotency_key) WHERE state IN ('pending', 'running') DO NOTHING
            RETURNING id, queue
            """
        // On PostgreSQL the same statement notifies idle workers; the notification is delivered
        // when the caller's transaction commits, and never if it rolls back.
        let rows = sql.dialect.name == "postgresql"
            ? try await sql.raw("WITH inserted AS (\(insert)) SELECT id, pg_notify(\(bind: notificationChannel), queue) FROM inserted").all()
            : try await sql.raw(insert).all()
        return rows.isEmpty ? nil : id
    }

    /// Takes the most urgent job that is due in `queues` (or whose lease expired with attempts to
    /// spare) and leases it for `leaseDuration`; nil when there is none.
    ///
    /// PostgreSQL skips rows other workers have locked (`FOR UPDATE SKIP LOCKED`). SQLite has one
    /// writer at a time, so the claim takes the write lock first (`BEGIN IMMEDIATE`): a deferred
    /// transaction that read first could fail to upgrade when another process wrote in between.
    ///
    /// - Parameter clock: the time to claim at; nil (as workers call it) for the moment the claim
    ///   lands, so that waiting for SQLite's write lock never eats into the lease.
    public static func claim(queues: [String], leaseDuration: TimeInterval, on database: any Database,
                             now clock: Date? = nil) async throws -> ClaimedJob? {
        let token = SecureToken.generate()
        let sql = try sqlDatabase(database)
        let candidates = SQLList(queues.map { SQLBind($0) })
        let lock: SQLQueryString = sql.dialect.name == "postgresql" ? "FOR UPDATE SKIP LOCKED" : ""
        @Sendable func claim(now: Date, expires: Date) -> SQLQueryString { """
            UPDATE jobs
            SET interruptions = interruptions + CASE WHEN state = 'running' THEN 1 ELSE 0 END,
                state = 'running', lease_token = \(bind: token), lease_expires_at = \(bind: expires),
                attempts = attempts + 1, updated_at = \(bind: now)
            WHERE id = (
                SELECT id FROM jobs
                WHERE queue IN (\(candidates))
                  AND ((state = 'pending' AND run_at <= \(bind: now))
                       OR (state = 'running' AND lease_expires_at < \(bind: now) AND attempts < max_attempts))
                ORDER BY priority DESC, run_at ASC
                LIMIT 1
                \(lock)
            )
            RETURNING id, kind, queue, payload, attempts, max_attempts
            """ }
        let row: (any SQLRow)?
        let expires: Date
        if sql.dialect.name == "sqlite" {
            (row, expires) = try await database.writeTransaction { tx in
                let now = clock ?? Date()
                let expires = now.addingTimeInterval(leaseDuration)
                return (try await tx.raw(claim(now: now, expires: expires)).first(), expires)
            }
        } else {
            // One statement, no transaction around it: the claim path is the queue's hot path.
            let now = clock ?? Date()
            expires = now.addingTimeInterval(leaseDuration)
            row = try await sql.raw(claim(now: now, expires: expires)).first()
        }
        guard let row else { return nil }
        return ClaimedJob(
            id: try row.decode(column: "id", as: UUID.self),
            kind: try row.decode(column: "kind", as: String.self),
            queue: try row.decode(column: "queue", as: String.self),
            payload: try row.decode(column: "payload", as: String.self),
            attempt: try row.decode(column: "attempts", as: Int.self),
            maxAttempts: try row.decode(column: "max_attempts", as: Int.self),
            leaseToken: token,
            leaseExpiresAt: expires
        )
    }

    /// Makes dead the jobs whose lease expired on their last attempt: their worker stopped during
    /// every attempt (a job that kills its worker each time must not loop for ever, and `claim`
    /// no longer takes them). Workers sweep every 15 seconds; returns how many.
    @discardableResult
    public static func buryAbandoned(queues: [String], on database: any Database, now: Date = Date()) async throws -> Int {
        try await sqlDatabase(database).raw("""
            UPDATE jobs
            SET state = 'dead', finished_at = \(bind: now), updated_at = \(bind: now), lease_token = NULL, lease_expires_at = NULL,
                interruptions = interruptions + 1,
                last_error = 'the worker stopped during the job ' || CAST(interruptions + 1 AS TEXT) || ' times'
            WHERE queue IN (\(SQLList(queues.map { SQLBind($0) }))) AND state = 'running' AND lease_expires_at < \(bind: now)
              AND attempts >= max_attempts
            RETURNING id
            """).all().count
    }

    /// Marks a job done. Throws `leaseLost` when the lease is no longer this worker's.
    public static func complete(_ job: ClaimedJob, on database: any Database, now: Date = Date()) async throws {
        let rows = try await sqlDatabase(database).raw("""
            UPDATE jobs SET state = 'succeeded', finished_at = \(bind: now), updated_at = \(bind: now),
                            lease_token = NULL, lease_expires_at = NULL, last_error = NULL
            WHERE id = \(bind: job.id) AND state = 'running' AND lease_token = \(bind: job.leaseToken)
            RETURNING id
            """).all()
        if rows.isEmpty { throw JobsError.leaseLost }
    }

    /// Records a failed attempt: back to pending after a backoff, or dead when out of attempts or
    /// when the failure is `permanent` (another try cannot succeed). Returns the job's new state.
    @discardableResult
    public static func fail(_ job: ClaimedJob, error message: String, permanent: Bool = false, backoff: Backoff = Backoff(),
                            on database: any Database, now: Date = Date()) async throws -> JobState {
        let dead = permanent || job.attempt >= job.maxAttempts
        let next = dead ? JobState.dead : .pending
        let runAt = now.addingTimeInterval(dead ? 0 : backoff.delay(afterAttempt: job.attempt))
        let rows = try await sqlDatabase(database).raw("""
            UPDATE jobs SET state = \(bind: next.rawValue), run_at = \(bind: runAt), last_error = \(bind: String(message.prefix(2000))),
                            lease_token = NULL, lease_expires_at = NULL, updated_at = \(bind: now),
                            finished_at = \(bind: dead ? now : nil)
            WHERE id = \(bind: job.id) AND state = 'running' AND lease_token = \(bind: job.leaseToken)
            RETURNING id
            """).all()
        if rows.isEmpty { throw JobsError.leaseLost }
        return next
    }

    /// Puts a running job back to wait `delay` without counting the attempt (`JobRetryLater`).
    public static func postpone(_ job: ClaimedJob, error message: String, delay: TimeInterval, on database: any Database,
                                now: Date = Date()) async throws {
        let rows = try await sqlDatabase(database).raw("""
            UPDATE jobs SET state = 'pending', attempts = attempts - 1, run_at = \(bind: now.addingTimeInterval(max(1, delay))),
                            last_error = \(bind: String(message.prefix(2000))), lease_token = NULL, lease_expires_at = NULL,
                            updated_at = \(bind: now)
            WHERE id = \(bind: job.id) AND state = 'running' AND lease_token = \(bind: job.leaseToken)
            RETURNING id
            """).all()
        if rows.isEmpty { throw JobsError.leaseLost }
    }

    /// Extends the lease of a job still running; throws `leaseLost` when another worker has it now.
    public static func renew(_ job: ClaimedJob, for duration: TimeInterval, on database: any Database,
                             now: Date = Date()) async throws -> ClaimedJob {
        let expires = now.addingTimeInterval(duration)
        let rows = try await sqlDatabase(database).raw("""
            UPDATE jobs SET lease_expires_at = \(bind: expires), updated_at = \(bind: now)
            WHERE id = \(bind: job.id) AND state = 'running' AND lease_token = \(bind: job.leaseToken)
            RETURNING id
            """).all()
        if rows.isEmpty { throw JobsError.leaseLost }
        return ClaimedJob(id: job.id, kind: job.kind, queue: job.queue, payload: job.payload, attempt: job.attempt,
                          maxAttempts: job.maxAttempts, leaseToken: job.leaseToken, leaseExpiresAt: expires)
    }

    static func sqlDatabase(_ database: any Database) throws -> any SQLDatabase {
        guard let sql = database as? any SQLDatabase else { throw JobsError.unsupportedDatabase }
        return sql
    }
}
