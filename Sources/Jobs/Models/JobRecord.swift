import FluentKit
import Foundation

/// One unit of background work. The row is the outbox: it is written in the same transaction as
/// the change that causes it, so a rolled-back change leaves no job behind.
public final class JobRecord: Model, @unchecked Sendable {
    public static let schema = "jobs"

    @ID(key: .id) public var id: UUID?
    /// Which handler runs it, e.g. `mail.send`.
    @Field(key: "kind") public var kind: String
    /// Workers can be pointed at some queues only.
    @Field(key: "queue") public var queue: String
    /// The handler's input, as JSON.
    @Field(key: "payload") public var payload: String
    /// Higher runs first.
    @Field(key: "priority") public var priority: Int
    @Field(key: "state") public var state: JobState
    @Field(key: "attempts") public var attempts: Int
    @Field(key: "max_attempts") public var maxAttempts: Int
    /// Attempts whose worker stopped mid-job (the lease ran out and the job was taken again).
    @Field(key: "interruptions") public var interruptions: Int
    /// Not before this time.
    @Field(key: "run_at") public var runAt: Date
    /// Only the holder of the current token may finish the job.
    @OptionalField(key: "lease_token") public var leaseToken: String?
    @OptionalField(key: "lease_expires_at") public var leaseExpiresAt: Date?
    @OptionalField(key: "last_error") public var lastError: String?
    /// Refuses a second job with the same key while one is pending or running.
    @OptionalField(key: "idempotency_key") public var idempotencyKey: String?
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date
    @OptionalField(key: "finished_at") public var finishedAt: Date?

    public init() {}
}

/// Where a job is in its life.
public enum JobState: String, Codable, Sendable, CaseIterable {
    /// Waiting for `run_at`, or for a worker.
    case pending
    /// Claimed by a worker holding a lease.
    case running
    case succeeded
    /// Out of attempts; kept with its last error until an operator retries or discards it.
    case dead
}
