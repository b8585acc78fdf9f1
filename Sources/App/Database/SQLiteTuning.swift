import Fluent
import SQLKit
import Vapor

/// Settings that make one SQLite file safe for several processes (web and workers) at once.
///
/// WAL lets readers run beside the single writer and persists in the file. `busy_timeout` makes a
/// writer wait up to five seconds for the lock instead of failing; SQLiteNIO's own busy handler
/// retries without limit and without sleeping, so ours replaces it. Fluent keeps one SQLite
/// connection per event loop, so the pragma is set once on each.
enum SQLiteTuning {
    static let busyTimeoutMilliseconds = 5000

    static func apply(to app: Application) async throws {
        guard let first = app.db as? any SQLDatabase else { return }
        try await first.raw("PRAGMA journal_mode = WAL").run()
        for eventLoop in app.eventLoopGroup.makeIterator() {
            let database = app.databases.database(.sqlite, logger: app.logger, on: eventLoop)
            try await database?.withConnection { connection in
                guard let sql = connection as? any SQLDatabase else { return connection.eventLoop.makeSucceededVoidFuture() }
                return sql.raw("PRAGMA busy_timeout = \(unsafeRaw: String(busyTimeoutMilliseconds))").run()
                    .flatMap { sql.raw("PRAGMA synchronous = NORMAL").run() }
            }.get()
        }
    }
}
