import FluentKit
import Foundation
import SQLKit

/// Folded name columns for the admin's search, indexed, and an index of the address in code-point
/// order. On PostgreSQL the columns (and the address's index) use the "C" collation, so a prefix
/// is exactly a range whatever the server's locale; SQLite compares bytes already.
public struct AddUserSearchKeys: AsyncMigration {
    public var name: String { "2026-12-01-users-search-keys" }

    public init() {}

    public func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { throw UnsupportedSearchDatabase() }
        let postgres = sql.dialect.name == "postgresql"
        let collate = postgres ? #" COLLATE "C""# : ""
        for column in ["name_key", "last_name_key"] {
            try await sql.raw("ALTER TABLE users ADD COLUMN \(unsafeRaw: column) TEXT\(unsafeRaw: collate) NOT NULL DEFAULT ''").run()
        }
        for row in try await sql.raw("SELECT id, first_name, last_name FROM users").all() {
            let first = try row.decode(column: "first_name", as: String.self)
            let last = try row.decode(column: "last_name", as: String.self)
            try await sql.raw("""
                UPDATE users SET name_key = \(bind: SearchKey.name(first: first, last: last)), last_name_key = \(bind: SearchKey.fold(last))
                WHERE id = \(bind: try row.decode(column: "id", as: UUID.self))
                """).run()
        }
        try await sql.raw("CREATE INDEX users_name_key ON users (name_key)").run()
        try await sql.raw("CREATE INDEX users_last_name_key ON users (last_name_key)").run()
        try await sql.raw("CREATE INDEX users_created_at ON users (created_at)").run()
        if postgres {
            try await sql.raw(#"CREATE INDEX users_email_key ON users ((email_normalized COLLATE "C"))"#).run()
        }
    }

    public func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { throw UnsupportedSearchDatabase() }
        for index in ["users_name_key", "users_last_name_key", "users_created_at"] { try await sql.raw("DROP INDEX \(unsafeRaw: index)").run() }
        if sql.dialect.name == "postgresql" { try await sql.raw("DROP INDEX users_email_key").run() }
        for column in ["name_key", "last_name_key"] { try await sql.raw("ALTER TABLE users DROP COLUMN \(unsafeRaw: column)").run() }
    }
}

struct UnsupportedSearchDatabase: Error, CustomStringConvertible {
    var description: String { "the search keys need an SQL database (SQLite or PostgreSQL)" }
}
