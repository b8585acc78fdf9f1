import App
import Core
import Foundation
import Logging
import PostgresNIO
import Vapor

/// Migrates one template database per engine per test process, then hands each test a copy:
/// a file copy on SQLite, `CREATE DATABASE … TEMPLATE` on PostgreSQL. Copying is far cheaper
/// than migrating for every test.
actor TemplateDatabases {
    static let shared = TemplateDatabases()

    private var sqliteTemplate: Task<String, any Error>?
    private var postgresTemplate: Task<String, any Error>?
    private let runID = String(UUID().uuidString.prefix(8)).lowercased()

    /// A fresh, migrated database for one test; `release` removes it.
    func makeDatabase(_ kind: TestDatabase) async throws -> DatabaseURL {
        switch kind {
        case .sqlite:
            let template = try await sqliteTemplatePath()
            let path = Self.scratchDirectory().appendingPathComponent("test-\(UUID().uuidString).sqlite").path
            try FileManager.default.copyItem(atPath: template, toPath: path)
            return .sqlite(path: path)
        case .postgres:
            let server = try TestDatabase.postgresServer()
            let template = try await postgresTemplateName()
            let name = "t_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(20).lowercased())"
            try await Self.admin(server, "CREATE DATABASE \(name) TEMPLATE \(template)")
            var location = server
            location.database = name
            return .postgres(location)
        }
    }

    /// An empty database with no tables, for tests of migrating itself.
    func makeEmptyDatabase(_ kind: TestDatabase) async throws -> DatabaseURL {
        switch kind {
        case .sqlite:
            return .sqlite(path: Self.scratchDirectory().appendingPathComponent("empty-\(UUID().uuidString).sqlite").path)
        case .postgres:
            let server = try TestDatabase.postgresServer()
            let name = "e_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(20).lowercased())"
            try await Self.admin(server, "CREATE DATABASE \(name)")
            var location = server
            location.database = name
            return .postgres(location)
        }
    }

    /// Drops a database made by `makeDatabase`.
    nonisolated func release(_ url: DatabaseURL) async {
        switch url {
        case .sqlite(let path):
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            try? FileManager.default.removeItem(atPath: Self.checkpointPath(for: url))
            try? FileManager.default.removeItem(atPath: Self.storageFolder(for: url))
            try? FileManager.default.removeItem(atPath: Self.storageFolder(for: url) + "-spool")
        case .postgres(let location):
            guard let server = try? TestDatabase.postgresServer() else { return }
            try? await Self.admin(server, "DROP DATABASE IF EXISTS \(location.database) WITH (FORCE)")
            try? FileManager.default.removeItem(atPath: Self.checkpointPath(for: url))
            try? FileManager.default.removeItem(atPath: Self.storageFolder(for: url))
            try? FileManager.default.removeItem(atPath: Self.storageFolder(for: url) + "-spool")
        }
    }

    private func sqliteTemplatePath() async throws -> String {
        if let task = sqliteTemplate { return try await task.value }
        let path = Self.scratchDirectory().appendingPathComponent("template-\(runID).sqlite").path
        let task = Task {
            try await Self.migrate(.sqlite(path: path))
            return path
        }
        sqliteTemplate = task
        return try await task.value
    }

    private func postgresTemplateName() async throws -> String {
        if let task = postgresTemplate { return try await task.value }
        let name = "hc_template_\(runID)"
        let task = Task {
            let server = try TestDatabase.postgresServer()
            try await Self.admin(server, "CREATE DATABASE \(name)")
            var location = server
            location.database = name
            try await Self.migrate(.postgres(location))
            return name
        }
        postgresTemplate = task
        return try await task.value
    }

    /// Runs every migration with a short-lived application, then closes all its connections
    /// (PostgreSQL refuses to copy a template that has any).
    private static func migrate(_ url: DatabaseURL) async throws {
        let app = try await Application.make(.testing)
        do {
            try await configure(app, configuration: TestConfiguration.make(database: url))
            app.logger.logLevel = .warning
            try await app.autoMigrate()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    /// One statement on the server's maintenance database.
    static func admin(_ server: DatabaseURL.PostgresLocation, _ sql: String) async throws {
        var logger = Logger(label: "test.postgres.admin")
        logger.logLevel = .warning
        let configuration = PostgresConnection.Configuration(
            host: server.host, port: server.port, username: server.username,
            password: server.password.isEmpty ? nil : server.password, database: server.database, tls: .disable
        )
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }

    /// Each test database's own checkpoint file, so that tests running side by side never read
    /// each other's heads.
    static func checkpointPath(for url: DatabaseURL) -> String {
        switch url {
        case .sqlite(let path): return path + ".checkpoints"
        case .postgres(let location): return scratchDirectory().appendingPathComponent("\(location.database).checkpoints").path
        }
    }

    /// Each test database's own storage folder for uploads.
    static func storageFolder(for url: DatabaseURL) -> String {
        checkpointPath(for: url).replacingOccurrences(of: ".checkpoints", with: ".storage")
    }

    static func scratchDirectory() -> URL {
        let base = ProcessInfo.processInfo.environment["HC_TEST_RESULTS_DIR"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("healthconnect-tests")
        let directory = base.appendingPathComponent("databases")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }
}

/// Runs one statement as the test server's superuser on its `postgres` database: for tests that
/// create roles, which outlive any one database.
public func postgresAdmin(_ sql: String) async throws {
    try await TemplateDatabases.admin(try TestDatabase.postgresServer(), sql)
}
