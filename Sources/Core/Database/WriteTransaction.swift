import FluentKit
import Logging
import NIOCore
import SQLKit

/// A database handle inside a write transaction: Fluent models and raw SQL both work on it.
public typealias TransactionDatabase = any Database & SQLDatabase

extension Database {
    /// Runs a read-then-write `body` so that it cannot fail half-way for lock reasons.
    ///
    /// Inside a caller's transaction it simply joins it. Otherwise SQLite takes the write lock
    /// up front (`BEGIN IMMEDIATE` on one pooled connection): Fluent's deferred transactions read
    /// first and can fail with SQLITE_BUSY when another process wrote in between. PostgreSQL runs
    /// an ordinary transaction; the body takes whatever row locks it needs. Nested calls on the
    /// handle `body` receives join the same transaction.
    public func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (TransactionDatabase) async throws -> T) async throws -> T {
        guard let sql = self as? TransactionDatabase else { throw UnsupportedDatabase() }
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
            guard let sql = tx as? TransactionDatabase else { throw UnsupportedDatabase() }
            return try await body(sql)
        }
    }

    private func immediateTransaction<T: Sendable>(_ body: @escaping @Sendable (TransactionDatabase) async throws -> T) async throws -> T {
        try await withConnection { connection in
            guard let sqlite = connection as? TransactionDatabase else { throw UnsupportedDatabase() }
            try await sqlite.raw("BEGIN IMMEDIATE").run()
            do {
                let result = try await body(JoinedTransaction(base: sqlite))
                try await sqlite.raw("COMMIT").run()
                return result
            } catch {
                try? await sqlite.raw("ROLLBACK").run()
                throw error
            }
        }
    }
}

/// One connection on which we opened a transaction with raw SQL. It tells Fluent (and our own
/// `writeTransaction`) that a transaction is open, so nested calls join it instead of starting
/// another on the same connection.
struct JoinedTransaction: Database, SQLDatabase {
    let base: TransactionDatabase
    private var sql: any SQLDatabase { base }

    var context: DatabaseContext { base.context }
    var inTransaction: Bool { true }

    func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> Void) -> EventLoopFuture<Void> {
        base.execute(query: query, onOutput: onOutput)
    }

    func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> { base.execute(schema: schema) }
    func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> { base.execute(enum: `enum`) }

    func transaction<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> { closure(self) }
    func withConnection<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> { closure(self) }

    var logger: Logger { sql.logger }
    var eventLoop: any EventLoop { sql.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { sql.version }
    var dialect: any SQLDialect { sql.dialect }
    var queryLogLevel: Logger.Level? { sql.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        sql.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try await sql.execute(sql: query, onRow)
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
