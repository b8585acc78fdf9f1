import Fluent
import Foundation

/// A session row. `key_hash` is the SHA-256 of the cookie value, so the table alone cannot be
/// used to hijack a session.
final class SessionRecord: Model, @unchecked Sendable {
    static let schema = "sessions"

    @ID(key: .id) var id: UUID?
    @Field(key: "key_hash") var keyHash: String
    /// The session's values as a JSON object of strings.
    @Field(key: "data") var data: String
    @Field(key: "expires_at") var expiresAt: Date
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(keyHash: String, data: String, expiresAt: Date, createdAt: Date) {
        self.keyHash = keyHash
        self.data = data
        self.expiresAt = expiresAt
        self.createdAt = createdAt
    }
}
