import Fluent
import Foundation
import Vapor
import Web

/// Sessions in the application database, shared by every instance behind the load balancer.
struct DatabaseSessionStore: SessionStore {
    func load(idHash: String, on request: Request) async throws -> StoredSession? {
        guard let record = try await SessionRecord.query(on: request.db).filter(\.$keyHash == idHash).first() else {
            return nil
        }
        let data = (try? JSONDecoder().decode([String: String].self, from: Data(record.data.utf8))) ?? [:]
        return StoredSession(data: data, expiresAt: record.expiresAt)
    }

    func insert(idHash: String, _ session: StoredSession, on request: Request) async throws {
        let record = SessionRecord(keyHash: idHash, data: try encode(session.data), expiresAt: session.expiresAt, createdAt: Date())
        try await record.create(on: request.db)
    }

    func update(idHash: String, _ session: StoredSession, on request: Request) async throws {
        try await SessionRecord.query(on: request.db)
            .filter(\.$keyHash == idHash)
            .set(\.$data, to: try encode(session.data))
            .set(\.$expiresAt, to: session.expiresAt)
            .update()
    }

    func delete(idHash: String, on request: Request) async throws {
        try await SessionRecord.query(on: request.db).filter(\.$keyHash == idHash).delete()
    }

    private func encode(_ data: [String: String]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(data), as: UTF8.self)
    }
}
