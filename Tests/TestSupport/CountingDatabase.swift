import FluentKit
import Logging
import NIOCore
import SQLKit
import Synchronization

/// A database handle that counts the statements sent through it (Fluent queries and raw SQL
/// alike), to assert how many queries an operation costs. Statements inside a transaction it
/// opens run on the base connection and are not counted.
public final class CountingDatabase: Database, SQLDatabase, @unchecked Sendable {
    let base: any Database & SQLDatabase
    private let statements = Mutex(0)

    public init(_ database: any Database) throws {
        guard let sql = database as? any Database & SQLDatabase else { throw TestSetupError("not an SQL database") }
        base = sql
    }

    /// Statements sent so far.
    public var count: Int { statements.withLock { $0 } }
    private func counted() { statements.withLock { $0 += 1 } }

    public var context: DatabaseContext { base.context }
    public var inTransaction: Bool { base.inTransaction }

    public func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> Void) -> EventLoopFuture<Void> {
        counted()
        return base.execute(query: query, onOutput: onOutput)
    }

    public func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> { base.execute(schema: schema) }
    public func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> { base.execute(enum: `enum`) }
    public func transaction<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> { base.transaction(closure) }
    public func withConnection<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> { base.withConnection(closure) }

    public var logger: Logger { base.logger }
    public var eventLoop: any EventLoop { base.eventLoop }
    public var version: (any SQLDatabaseReportedVersion)? { base.version }
    public var dialect: any SQLDialect { base.dialect }
    public var queryLogLevel: Logger.Level? { base.queryLogLevel }

    public func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        counted()
        return base.execute(sql: query, onRow)
    }

    public func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        counted()
        try await base.execute(sql: query, onRow)
    }
}
