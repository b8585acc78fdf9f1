import Core
import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import NIOSSL
import Vapor

extension Application {
    /// Points Fluent at the configured database.
    ///
    /// SQL is not logged below trace (the PostgreSQL driver cannot turn it off), and the values in
    /// queries never are: they include session data (CSRF tokens) and job lease tokens, and the log
    /// handler redacts the metadata SQLKit and FluentKit attach them under.
    func useDatabase(_ url: DatabaseURL, poolSize: Int, poolTimeout: Duration) throws {
        switch url {
        case .sqlite(let path):
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            databases.use(.sqlite(.file(path), sqlLogLevel: nil), as: .sqlite)
        case .postgres(let location):
            let tls: PostgresConnection.Configuration.TLS = location.requireTLS
                ? .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
                : .disable
            let configuration = SQLPostgresConfiguration(
                hostname: location.host, port: location.port,
                username: location.username, password: location.password,
                database: location.database, tls: tls
            )
            databases.use(
                .postgres(configuration: configuration, maxConnectionsPerEventLoop: poolSize,
                          connectionPoolTimeout: .init(poolTimeout), sqlLogLevel: .trace),
                as: .psql
            )
        }
    }
}
