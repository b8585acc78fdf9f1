import App
import Core
import Foundation
import Vapor

/// Runs `body` with a fully configured application on a fresh, migrated database of `kind`,
/// then shuts it down and drops the database. Each call is recorded, so `make test` can say how
/// many tests ran on each database.
///
/// - Parameter adjust: changes the configuration (environment, proxies) before the app is built.
/// - Parameter routes: extra routes a test needs, registered after the app's own.
public func withTestApp(
    _ kind: TestDatabase,
    adjust: (inout Configuration) -> Void = { _ in },
    routes: (Application) throws -> Void = { _ in },
    _ body: (Application) async throws -> Void
) async throws {
    let database = try await TemplateDatabases.shared.makeDatabase(kind)
    do {
        try await withApplication(on: database, adjust: adjust, routes: routes, body)
    } catch {
        await TemplateDatabases.shared.release(database)
        throw error
    }
    await TemplateDatabases.shared.release(database)
    TestProcess.record(kind)
}

/// Runs `body` on SQLite and then on PostgreSQL, each time with a fully configured application on
/// a fresh, migrated database: the default for every test that touches a database, so that none
/// can forget one engine. A test parameterised over `TestDatabase.allCases` passes its case to
/// `withTestApp(_:)` instead.
public func withTestApp(
    adjust: (inout Configuration) -> Void = { _ in },
    routes: (Application) throws -> Void = { _ in },
    _ body: (Application) async throws -> Void
) async throws {
    for kind in TestDatabase.allCases {
        try await withTestApp(kind, adjust: adjust, routes: routes, body)
    }
}

/// Runs `body` on one engine only, for a test that is about that engine (SQLite's pragmas, its
/// write lock). `reason` is listed by `make test` beside the counts of both engines.
public func withTestApp(
    only kind: TestDatabase,
    because reason: String,
    adjust: (inout Configuration) -> Void = { _ in },
    routes: (Application) throws -> Void = { _ in },
    _ body: (Application) async throws -> Void
) async throws {
    try await withTestApp(kind, adjust: adjust, routes: routes, body)
    TestProcess.recordSingleEngine(kind, reason)
}

/// Runs `body` with an application configured for an existing database (one a test made, or
/// one that processes under test share), then shuts the application down.
public func withApplication(
    on database: DatabaseURL,
    adjust: (inout Configuration) -> Void = { _ in },
    routes: (Application) throws -> Void = { _ in },
    _ body: (Application) async throws -> Void
) async throws {
    TestProcess.prepare()
    var configuration = TestConfiguration.make(database: database)
    adjust(&configuration)
    let app = try await Application.make(.testing)
    app.logger.logLevel = .warning
    do {
        try await configure(app, configuration: configuration)
        try routes(app)
        try await body(app)
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
    try await app.asyncShutdown()
}

/// Once-per-process setup and the per-database tally.
enum TestProcess {
    private static let once: Void = {
        App.Observability.bootstrapMetrics()
    }()

    static func prepare() { _ = once }

    /// Appends the engine's name to `databases.log`.
    static func record(_ kind: TestDatabase) {
        append("\(kind.rawValue)\n", to: "databases.log")
    }

    /// Notes a test that ran on one engine on purpose, with its reason, in `single-engine.log`.
    static func recordSingleEngine(_ kind: TestDatabase, _ reason: String) {
        append("\(kind.rawValue): \(reason.replacingOccurrences(of: "\n", with: " "))\n", to: "single-engine.log")
    }

    /// One short `write` with O_APPEND, so parallel tests never interleave within a line.
    private static func append(_ text: String, to name: String) {
        guard let directory = ProcessInfo.processInfo.environment["HC_TEST_RESULTS_DIR"] else { return }
        let descriptor = open(directory + "/" + name, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard descriptor >= 0 else { return }
        let line = Array(text.utf8)
        _ = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
    }
}

/// Runs `body` with the URL of an empty database (no tables), once on SQLite and once on PostgreSQL.
public func withEmptyDatabase(_ body: (DatabaseURL) async throws -> Void) async throws {
    for kind in TestDatabase.allCases {
        try await withEmptyDatabase(kind, body)
    }
}

/// Runs `body` with the URL of an empty database of `kind` (no tables), then drops it.
public func withEmptyDatabase(_ kind: TestDatabase, _ body: (DatabaseURL) async throws -> Void) async throws {
    let database = try await TemplateDatabases.shared.makeEmptyDatabase(kind)
    do {
        try await body(database)
    } catch {
        await TemplateDatabases.shared.release(database)
        throw error
    }
    await TemplateDatabases.shared.release(database)
    TestProcess.record(kind)
}

/// Runs `body` with an empty database of one engine only, for a test about that engine
/// (PostgreSQL's roles and grants); `reason` is listed by `make test`.
public func withEmptyDatabase(only kind: TestDatabase, because reason: String, _ body: (DatabaseURL) async throws -> Void) async throws {
    try await withEmptyDatabase(kind, body)
    TestProcess.recordSingleEngine(kind, reason)
}
