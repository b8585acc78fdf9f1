import Foundation

/// A job a worker holds: what to run and the lease that proves it may finish it.
public struct ClaimedJob: Sendable, Equatable {
    public let id: UUID
    public let kind: String
    public let queue: String
    public let payload: String
    /// This attempt's number, from 1.
    public let attempt: Int
    public let maxAttempts: Int
    public let leaseToken: String
    public let leaseExpiresAt: Date
}
