import FluentKit
import Foundation
import PostgresNIO

/// What the log says about an error that became a 500: enough to find the cause, never the data.
///
/// A PostgreSQL error's message and detail quote the row ("Key (email)=(…) already exists"), so
/// only its type, SQLSTATE, constraint, table and column are written. Anything else (SQLite's
/// messages name columns, never values) is described as it describes itself.
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
        return String(reflecting: error)
    }
}
