import Foundation

/// A job to enqueue.
public struct NewJob: Sendable {
    public var kind: String
    public var payload: String
    public var queue: String
    public var priority: Int
    public var maxAttempts: Int
    public var runAt: Date?
    public var idempotencyKey: String?

    public init(kind: String, payload: String = "{}", queue: String = "default", priority: Int = 0,
                maxAttempts: Int = 10, runAt: Date? = nil, idempotencyKey: String? = nil) {
        self.kind = kind
        self.payload = payload
        self.queue = queue
        self.priority = priority
        self.maxAttempts = maxAttempts
        self.runAt = runAt
        self.idempotencyKey = idempotencyKey
    }

    /// A job whose payload is `value` encoded as JSON.
    public init<Payload: Encodable>(kind: String, payload value: Payload, queue: String = "default", priority: Int = 0,
                                    maxAttempts: Int = 10, runAt: Date? = nil, idempotencyKey: String? = nil) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        self.init(kind: kind, payload: String(decoding: try encoder.encode(value), as: UTF8.self), queue: queue,
                  priority: priority, maxAttempts: maxAttempts, runAt: runAt, idempotencyKey: idempotencyKey)
    }
}
