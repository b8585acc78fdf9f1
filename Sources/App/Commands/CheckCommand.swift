import Core
import Fluent
import SQLKit
import Vapor

/// `healthconnect check --deploy`: the checks production start-up makes, run against the current
/// environment whatever `HC_ENV` says, plus the database: reachable and fully migrated. Each line
/// says what was checked; any failure exits non-zero.
struct CheckCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "deploy", help: "Check as production would (keys, HTTPS base URL, PostgreSQL)")
        var deploy: Bool
    }

    var help: String { "Checks the configuration and database before a deployment." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let configuration = app.webContext.configuration
        var failures = 0
        func report(_ ok: Bool, _ text: String) {
            context.console.print("\(ok ? "ok  " : "FAIL") \(text)")
            if !ok { failures += 1 }
        }

        if signature.deploy {
            do {
                try configuration.checkProductionSafety()
                report(true, "production settings: secret keys \(configuration.secretKeys), \(configuration.baseURL.absoluteString), \(configuration.database)")
            } catch {
                report(false, "production settings: \(error)")
            }
        }
        do {
            guard let sql = app.db as? any SQLDatabase else { throw UnsupportedDatabase() }
            try await sql.raw("SELECT 1").run()
            report(true, "database answers")
            guard try await sql.tableExists("_fluent_migrations") else {
                report(false, "the database has never been migrated: run `healthconnect migrate`")
                throw CommandFailure("\(failures) check(s) failed")
            }
            let pending = try await app.migrator.previewPrepareBatch().get()
            report(pending.isEmpty, pending.isEmpty ? "no migration pending" : "\(pending.count) migration(s) pending: run `healthconnect migrate`")
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            report(false, "database: \(error)")
        }
        if failures > 0 {
            throw CommandFailure("\(failures) check(s) failed")
        }
    }
}
