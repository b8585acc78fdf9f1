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
            return try await withConnection { connection in
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
        return try await transaction { tx in
            guard let sql = tx as? any SQLDatabase else { throw UnsupportedDatabase() }
            return try await body(sql)
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
