import Audit
import Core
import Fluent
import SQLKit
import Vapor
import Web

/// `healthconnect migrate [--revert [--discard-audit-trail]] [--yes]`: Fluent's command, plus an
/// audit event naming the migrations applied or reverted. A revert that would delete the audit
/// trail is refused unless the operator names the loss; one that goes ahead is recorded before it
/// runs, since reverting the audit migration itself removes the table the event would go to.
/// Connected as the owner role (`HC_MIGRATION_DATABASE_URL`), it then grants the runtime role its rights.
struct AuditedMigrateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "revert", help: "Revert the last batch of migrations")
        var revert: Bool
        @Flag(name: "discard-audit-trail", help: "With --revert: allow reverting a migration that deletes every audit event")
        var discardAuditTrail: Bool
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
            if !signature.revert { try await grantRuntimeRole(app, context) }
            return
        }
        // The audit trail is the record of who saw which patient's data: never lost by accident.
        if signature.revert, !signature.discardAuditTrail, batch.contains(where: { $0.0 is any DeletesAuditTrailOnRevert }) {
            let events = (try? await AuditTrail.head(on: app.db).seq) ?? 0
            throw CommandFailure("reverting this batch deletes the audit trail (\(events) events); run with --discard-audit-trail to do it anyway")
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
        if !signature.revert { try await grantRuntimeRole(app, context) }
    }

    /// With `HC_MIGRATION_DATABASE_URL` naming an owner role apart from the runtime role of
    /// `HC_DATABASE_URL`: the runtime role gets exactly the rights `serve` and `worker` need.
    private func grantRuntimeRole(_ app: Application, _ context: CommandContext) async throws {
        guard let role = app.webContext.configuration.runtimeRole, let sql = app.db as? any SQLDatabase else { return }
        for note in try await RuntimeRoleGrants.apply(to: role, on: sql) { context.console.warning(note) }
        try await app.auditOperatorAction("database.grant_runtime_role", detail: ["role": .string(role)])
        context.console.print("Runtime role '\(role)' may read and write the application's tables and append to the audit trail, never rewrite it.")
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
