import Core
import Foundation

/// The databases every database test runs on, in the same `make test`.
public enum TestDatabase: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    public var description: String { rawValue }

    /// The PostgreSQL server `make test` started. Its absence is a failure, never a reason to skip.
    static func postgresServer() throws -> DatabaseURL.PostgresLocation {
        guard let raw = ProcessInfo.processInfo.environment["HC_TEST_POSTGRES_URL"] else {
            throw TestSetupError("HC_TEST_POSTGRES_URL is not set: run the tests with `make test`, which starts PostgreSQL")
        }
        guard case .postgres(let location) = try DatabaseURL(parsing: raw) else {
            throw TestSetupError("HC_TEST_POSTGRES_URL must be a postgres:// URL")
        }
        return location
    }
}

/// The test environment is not set up as `make test` sets it up.
public struct TestSetupError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
