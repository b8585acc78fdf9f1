import Core
import Testing
import TestSupport

/// The binary as an operator runs it: commands, exit codes, one clear line on failure.
@Suite("The healthconnect command")
struct CommandLineTests {
    static func environment(_ database: DatabaseURL) -> [String: String] {
        CommandRunner.environment(database)
    }

    @Test("migrate --yes applies, is idempotent, and --revert undoes", arguments: TestDatabase.allCases)
    func migrate(database: TestDatabase) async throws {
        try await withEmptyDatabase(database) { url in
            let env = Self.environment(url)
            let first = try await CommandRunner.run(["migrate", "--yes"], environment: env)
            #expect(first.status == 0, "\(first.errorOutput)")
            #expect(first.output.contains("2026-11-23-create-sessions"))
            #expect(first.output.contains("Migration successful"))
            let again = try await CommandRunner.run(["migrate", "--yes"], environment: env)
            #expect(again.status == 0)
            #expect(again.output.contains("No new migrations"))
            // The first batch holds the audit trail's migration: not reverted without naming the loss.
            let refused = try await CommandRunner.run(["migrate", "--revert", "--yes"], environment: env)
            #expect(refused.status != 0 && refused.errorOutput.contains("--discard-audit-trail"), "\(refused.errorOutput)")
            #expect(refused.errorOutput.split(separator: "\n").count == 1)
            #expect(try await CommandRunner.run(["migrate", "--yes"], environment: env).output.contains("No new migrations"), "nothing was reverted")
            let revert = try await CommandRunner.run(["migrate", "--revert", "--discard-audit-trail", "--yes"], environment: env)
            #expect(revert.status == 0, "\(revert.errorOutput)")
            #expect(revert.output.contains("Migration successful"))
        }
    }

    @Test("routes lists the site's routes")
    func routes() async throws {
        try await withEmptyDatabase { url in
            let result = try await CommandRunner.run(["routes"], environment: Self.environment(url))
            #expect(result.status == 0)
            for path in ["/healthz", "/readyz", "/metrics", "/:locale"] {
                #expect(result.output.contains(path), "\(path) missing")
            }
        }
    }

    @Test("a bad setting stops start-up with one line naming it", arguments: [
        (["HC_DATABASE_URL": "mysql://db/x"], "HC_DATABASE_URL"),
        (["HC_ENV": "production", "HC_BASE_URL": "https://hills.example", "HC_DATABASE_URL": "postgres://u@db/x"], "HC_SECRET_KEYS"),
        (["HC_ENV": "production", "HC_SECRET_KEYS": "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", "HC_BASE_URL": "https://hills.example",
          "HC_SMTP_URL": "smtps://mail.example", "HC_MAIL_FROM": "Hills <noreply@hills.example>"], "HC_DATABASE_URL"),
        (["HC_TRUSTED_PROXIES": "not-an-ip"], "HC_TRUSTED_PROXIES"),
    ])
    func badConfiguration(environment: [String: String], variable: String) async throws {
        let result = try await CommandRunner.run(["routes"], environment: environment)
        #expect(result.status == 78)
        let lines = result.errorOutput.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains(variable) == true, "\(result.errorOutput)")
    }
}
