import Core
import Testing
import TestSupport

@Suite("create-admin at the command line")
struct CreateAdminCommandTests {
    @Test("creates a verified administrator from a password on stdin, once, and records it")
    func createAdmin() async throws {
        try await withEmptyDatabase { url in
            let env = CommandRunner.environment(url)
            _ = try await CommandRunner.run(["migrate", "--yes"], environment: env)
            let created = try await CommandRunner.run(["create-admin", "--email", "admin@hills.example", "--password-stdin"],
                                                      environment: env, input: "a long admin passphrase\n")
            #expect(created.status == 0, "\(created.errorOutput)")
            #expect(created.output.contains("Created administrator admin@hills.example"))
            #expect(!created.output.contains("passphrase"))

            let again = try await CommandRunner.run(["create-admin", "--email", "ADMIN@hills.example", "--password-stdin"],
                                                    environment: env, input: "another long passphrase\n")
            #expect(again.status != 0)
            #expect(again.errorOutput.contains("already exists"))

            let weak = try await CommandRunner.run(["create-admin", "--email", "second@hills.example", "--password-stdin"],
                                                   environment: env, input: "short\n")
            #expect(weak.status != 0)
            #expect(weak.errorOutput.contains("password: Use at least 12 characters."))

            let noStdin = try await CommandRunner.run(["create-admin", "--email", "third@hills.example"], environment: env)
            #expect(noStdin.status != 0 && noStdin.errorOutput.contains("--password-stdin"))

            let tail = try await CommandRunner.run(["audit", "tail"], environment: env)
            #expect(tail.output.contains("account.create") && tail.output.contains("\"role\":\"admin\""))
        }
    }
}
