@testable import Accounts
@testable import App
import Audit
import Core
import FluentKit
import Foundation
import Jobs
import SQLKit
import Testing
import TestSupport
import Vapor

/// `migrate` as the owner role, `serve` and `worker` as a runtime role that the owner's grants
/// keep from rewriting the audit trail, whatever SQL it sends.
@Suite("Least privilege on PostgreSQL")
struct RuntimeRoleTests {
    /// Each must fail with insufficient_privilege (42501): refused by the grants, not by a trigger.
    static let refused = [
        "UPDATE audit_events SET outcome = 'failure'",
        "DELETE FROM audit_events",
        "TRUNCATE audit_events",
        "DROP TRIGGER audit_events_append_only ON audit_events",
        "ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only",
        "ALTER TABLE audit_events DISABLE TRIGGER ALL",
        "DROP TABLE audit_events",
        "DELETE FROM audit_chain",
        "UPDATE _fluent_migrations SET batch = 0",
        "CREATE TABLE shadow (id int)",
    ]

    @Test("migrate as the owner; sign-ins and jobs as the runtime role, whose UPDATE, DELETE, TRUNCATE, DROP and DISABLE TRIGGER on the audit trail are refused")
    func runtimeRole() async throws {
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let owner = "hc_owner_\(suffix)", runtime = "hc_app_\(suffix)"
        try await postgresAdmin("CREATE ROLE \(owner) LOGIN")
        try await postgresAdmin("CREATE ROLE \(runtime) LOGIN")
        do {
            try await withEmptyDatabase(only: .postgres, because: "database roles and grants are PostgreSQL's") { url in
                try await Self.exercise(url, owner: owner, runtime: runtime)
            }
        } catch {
            try? await postgresAdmin("DROP ROLE IF EXISTS \(runtime)")
            try? await postgresAdmin("DROP ROLE IF EXISTS \(owner)")
            throw error
        }
        try await postgresAdmin("DROP ROLE \(runtime)")
        try await postgresAdmin("DROP ROLE \(owner)")
    }

    static func exercise(_ url: DatabaseURL, owner: String, runtime: String) async throws {
        guard case .postgres(let location) = url else { throw TestSetupError("expected PostgreSQL") }
        try await postgresAdmin("ALTER DATABASE \(location.database) OWNER TO \(owner)")
        var asOwner = location, asRuntime = location
        asOwner.username = owner
        asRuntime.username = runtime
        var env = CommandRunner.environment(.postgres(asRuntime))
        env["HC_MIGRATION_DATABASE_URL"] = "postgres://\(owner)@\(location.host):\(location.port)/\(location.database)"

        let migrate = try await CommandRunner.run(["migrate", "--yes"], environment: env)
        #expect(migrate.status == 0, "\(migrate.errorOutput)")
        #expect(migrate.output.contains("Runtime role '\(runtime)'"), "\(migrate.output)")
        #expect(try await CommandRunner.run(["jobs", "--enqueue", "system.noop", "--count", "3"], environment: env).status == 0)

        try await withApplication(on: .postgres(asRuntime)) { app in
            let sql = app.db as! any SQLDatabase
            let tableOwner = try #require(try await sql.raw("SELECT tableowner FROM pg_tables WHERE tablename = 'audit_events'").first())
            #expect(try tableOwner.decode(column: "tableowner", as: String.self) == owner)

            let user = try await AccountFlowTests.verifiedUser(app)
            #expect(try await AccountFlowTests.signIn(TestBrowser(app), user.email).status == .seeOther)
            let issued = try await APITokenTests.token(app, user.email)
            #expect(issued.status == .ok, "\(issued.text)")
            #expect(try await APITokenTests.me(app, try APITokenTests.decode(issued).access_token).status == .ok)

            let worker = app.makeWorker()
            while try await worker.runOnce() {}
            #expect(try await JobRecord.query(on: app.db).filter(\.$kind == NoopJob.kind).filter(\.$state == .succeeded).count() == 3)

            for statement in Self.refused {
                do {
                    try await sql.raw(SQLQueryString(statement)).run()
                    Issue.record("the runtime role was allowed: \(statement)")
                } catch {
                    #expect(String(reflecting: error).contains("42501"), "\(statement): \(String(reflecting: error))")
                }
            }
            let verified = try await app.auditTrail.verify(on: app.db)
            #expect(verified.isIntact && verified.verifiedEvents >= 5, "\(verified.firstBreak?.description ?? "")")
        }
        let verify = try await CommandRunner.run(["audit", "verify"], environment: env)
        #expect(verify.status == 0, "\(verify.errorOutput)")
    }
}
