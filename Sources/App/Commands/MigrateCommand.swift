import Audit
import Core
import Fluent
import SQLKit
import Vapor

/// `healthconnect migrate [--revert] [--yes]`: Fluent's command, plus an audit event naming the
/// migrations applied or reverted. A revert is recorded before it runs, since reverting the audit
/// migration itself removes the table the event would go to.
struct AuditedMigrateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "revert", help: "Revert the last batch of migrations")
        var revert: Bool
    }

    var help: String { "Prepares or reverts database migrations (an audited operator action)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let migrator = app.migrator
        try await migrator.setupIfNeeded().get()
        let batch = signature.revert
            ? try await migrator.previewRevertLastBatch().get()
            : try await migrator.previewPrepareBatch().get()
        guard !batch.isEmpty else {
            context.console.print(signature.revert ? "No migrations to revert." : "No new migrations.")
            return
        }
        context.console.print("The following migration(s) will be \(signature.revert ? "reverted" : "prepared"):")
        for (migration, _) in batch {
            context.console.print("\(signature.revert ? "-" : "+") \(migration.name)")
        }
        guard context.console.confirm("Would you like to continue?") else {
            context.console.warning("Migration cancelled")
            return
        }
        let names = JSONValue.array(batch.map { .string($0.0.name) })
        if signature.revert {
            try await audit(app, "database.migrate.revert", names)
            try await migrator.revertLastBatch().get()
        } else {
            try await migrator.prepareBatch().get()
            try await audit(app, "database.migrate", names)
        }
        context.console.print("Migration successful")
    }

    /// Skipped (with a warning) while the audit table does not exist: before the first migration
    /// has created it, or after a revert removed it.
    private func audit(_ app: Application, _ action: String, _ migrations: JSONValue) async throws {
        guard let sql = app.db as? any SQLDatabase, try await sql.tableExists("audit_chain") else {
            app.logger.warning("audit trail not migrated; \(action) not recorded")
            return
        }
        try await app.auditOperatorAction(action, detail: ["migrations": migrations])
    }
}
