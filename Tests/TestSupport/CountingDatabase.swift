import FluentKit
import Logging
import NIOCore
import SQLKit
import Synchronization
import Vapor

/// A database handle that counts the statements sent through it (Fluent queries and raw SQL
/// alike), to assert how many queries an operation costs. Statements inside a transaction it
/// opens run on the base connection and are not counted.
public final class CountingDatabase: Database, SQLDatabase, @unchecked Sendable {
    let base: any Database & SQLDatabase
    private let tally: StatementTally

    public init(_ database: any Database, tally: StatementTally = StatementTally()) throws {
        guard let sql = database as? any Database & SQLDatabase else { throw TestSetupError("not an SQL database") }
        base = sql
        self.tally = tally
    }

    /// Statements sent so far.
    public var count: Int { tally.count }
    private func counted() { tally.add() }

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

/// A count several database handles add to.
public final class StatementTally: Sendable {
    private let statements = Mutex(0)
    public init() {}
    public var count: Int { statements.withLock { $0 } }
    func add() { statements.withLock { $0 += 1 } }
}

/// Counts the statements every request sends while `body` runs (sessions, CSRF, the page's
/// own queries, its audit events): what one page costs. The app's default database is swapped
/// for a counting handle on the same connections for the duration.
public func countingStatements(_ app: Application, during body: () async throws -> Void) async throws -> Int {
    guard let sql = app.db as? any SQLDatabase else { throw TestSetupError("not an SQL database") }
    // The ids the drivers register under (`.sqlite`, `.psql`).
    let original = DatabaseID(string: sql.dialect.name == "sqlite" ? "sqlite" : "psql")
    let tally = StatementTally()
    // An id of its own each time: the registry keeps the driver made for an id, and with it the tally.
    app.databases.use(CountingConfiguration(base: app.db, tally: tally), as: DatabaseID(string: "counting-\(UUID())"), isDefault: true)
    defer { app.databases.default(to: original) }
    try await body()
    return tally.count
}

private struct CountingConfiguration: DatabaseConfiguration {
    let base: any Database
    let tally: StatementTally
    var middleware: [any AnyModelMiddleware] = []
    func makeDriver(for databases: Databases) -> any DatabaseDriver { CountingDriver(base: base, tally: tally) }
}

/// Hands every request the same counted handle: a driver's `makeDatabase` runs under the
/// registry's lock, so it cannot ask the registry for a fresh base handle there.
private struct CountingDriver: DatabaseDriver {
    let base: any Database
    let tally: StatementTally
    func makeDatabase(with context: DatabaseContext) -> any Database { (try? CountingDatabase(base, tally: tally)) ?? base }
    func shutdown() {}
}
