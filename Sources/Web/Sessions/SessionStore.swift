import Foundation
import Vapor

/// A session as kept on the server: its values and when it dies if unused.
public struct StoredSession: Sendable, Equatable {
    public var data: [String: String]
    public var expiresAt: Date

    public init(data: [String: String], expiresAt: Date) {
        self.data = data
        self.expiresAt = expiresAt
    }
}

/// Where sessions live. App implements it on the database, so every instance sees the same
/// sessions; the key is always the SHA-256 of the cookie value, never the value itself.
public protocol SessionStore: Sendable {
    func load(idHash: String, on request: Request) async throws -> StoredSession?
    func insert(idHash: String, _ session: StoredSession, on request: Request) async throws
    func update(idHash: String, _ session: StoredSession, on request: Request) async throws
    func delete(idHash: String, on request: Request) async throws
}
