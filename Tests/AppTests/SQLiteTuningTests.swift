import Fluent
import SQLKit
import Testing
import TestSupport
import Vapor

@Suite("SQLite runs in WAL mode with a busy timeout")
struct SQLiteTuningTests {
    @Test("journal mode is WAL and writers wait for the lock")
    func pragmas() async throws {
        try await withTestApp(only: .sqlite, because: "SQLite's WAL mode and busy timeout") { app in
            let sql = try #require(app.db as? any SQLDatabase)
            let mode = try await sql.raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self)
            #expect(mode == "wal")
            let timeout = try await sql.raw("PRAGMA busy_timeout").first()?.decode(column: "timeout", as: Int.self)
            #expect(timeout == 5000)
        }
    }
}
