import FluentKit
import SQLKit

extension Database {
    /// Runs a read-then-write `body` so that it cannot fail half-way for lock reasons.
    ///
    /// Inside a caller's transaction it simply joins it. Otherwise SQLite takes the write lock
    /// up front (`BEGIN IMMEDIATE` on one pooled connection): Fluent's deferred transactions read
    /// first and can fail with SQLITE_BUSY when another process wrote in between. PostgreSQL runs
    /// an ordinary transaction; the body takes whatever row locks it needs.
    public func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        guard let sql = self as? any SQLDatabase else { throw UnsupportedDatabase() }
        if inTransaction {
            return try await body(sql)
        }
        if sql.dialect.name == "sqlite" {
            // One write transaction per process at a time: two of our connections waiting on each
            // other's SQLite lock would sleep through busy_timeout's back-off instead of queueing.
            // Taken before a pooled connection, so waiting holds none.
            await SQLiteWriters.shared.lock()
            do {
                let result = try await immediateTransaction(body)
                await SQLiteWriters.shared.unlock()
                return result
            } catch {
                await SQLiteWriters.shared.unlock()
                throw error
            }
        }
        return try await transaction { tx in
            guard let sql = tx as? any SQLDatabase else { throw UnsupportedDatabase() }
            return try await body(sql)
        }
    }

    private func immediateTransaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await withConnection { connection in
            guard let sqlite = connection as? any SQLDatabase else { throw UnsupportedDatabase() }
            try await sqlite.raw("BEGIN IMMEDIATE").run()
            do {
                let result = try await body(sqlite)
                try await sqlite.raw("COMMIT").run()
                return result
            } catch {
                try? await sqlite.raw("ROLLBACK").run()
                throw error
            }
        }
    }
}

/// A first-come, first-served lock for SQLite write transactions within this process. Bodies
/// must not start another write transaction outside the one they are given (that would wait
/// for itself).
actor SQLiteWriters {
    static let shared = SQLiteWriters()
    private var held = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func lock() async {
        guard held else {
            held = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func unlock() {
        if waiting.isEmpty {
            held = false
        } else {
            waiting.removeFirst().resume()
        }
    }
}

/// The database is not one of the SQL engines we support (SQLite or PostgreSQL).
public struct UnsupportedDatabase: Error, CustomStringConvertible {
    public init() {}
    public var description: String { "this needs an SQL database (SQLite or PostgreSQL)" }
}

extension SQLDatabase {
    /// Whether a table of this name exists in the current schema (PostgreSQL) or file (SQLite).
    public func tableExists(_ name: String) async throws -> Bool {
        let query: SQLQueryString = dialect.name == "postgresql"
            ? "SELECT 1 AS found FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = \(bind: name)"
            : "SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = \(bind: name)"
        return try await raw(query).first() != nil
    }
}
