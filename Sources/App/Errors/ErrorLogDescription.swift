import FluentKit
import Foundation
import PostgresNIO

/// What the log says about an error that became a 500: enough to find the cause, never the data.
///
/// A PostgreSQL error's message and detail quote the row ("Key (email)=(…) already exists"), so
/// only its type, SQLSTATE, constraint, table and column are written. Our own errors, Vapor's and
/// SQLite's (whose messages name columns, never values) describe themselves; any other error is
/// named by its type only.
enum ErrorLogDescription {
    static func describe(_ error: any Error) -> String {
        if let postgres = error as? PSQLError {
            var parts = ["PSQLError", "code: \(postgres.code)"]
            if let info = postgres.serverInfo {
                let fields: [(String, PSQLError.ServerInfo.Field)] = [
                    ("sqlstate", .sqlState), ("constraint", .constraintName), ("table", .tableName), ("column", .columnName),
                ]
                for (name, field) in fields {
                    if let value = info[field] { parts.append("\(name): \(value)") }
                }
            }
            return parts.joined(separator: ", ")
        }
        // Errors of our own modules, Vapor's and SQLite's describe themselves without data; any
        // other (a Fluent or driver decoding error can print the column's raw value) by its type.
        let type = String(reflecting: Swift.type(of: error))
        let described = ["App.", "Web.", "API.", "HTTPSupport.", "Core.", "Accounts.", "Audit.", "Jobs.", "Mail.", "Markup.", "Vapor.", "SQLiteNIO."]
        return described.contains { type.hasPrefix($0) } ? String(reflecting: error) : type
    }
}
