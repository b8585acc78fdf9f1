import Accounts
import Core
import Foundation
import HTTPSupport
import Portal
import Vapor

/// `healthconnect bench-inquiries --fill N`: fills the queue with N made-up inquiries and prints
/// an API access token of a coordinator of every region (signed in with a second factor), and
/// that coordinator's address, password and TOTP secret for signing in to the HTML pages, for
/// `bench/inquiries.sh` to read the queue with. It writes accounts and inquiries, so it refuses
/// to run in production.
struct InquiryBenchmarkCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "fill", help: "How many inquiries to add (default 100000)")
        var fill: Int?
    }

    var help: String { "Fills the triage queue and prints a coordinator's token (not in production)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard !app.webContext.configuration.environment.isProduction else {
            throw CommandFailure("bench-inquiries adds made-up inquiries and accounts; it does not run in production")
        }
        let count = signature.fill ?? 100_000
        guard (0...1_000_000).contains(count) else { throw CommandFailure("--fill must be from 0 to 1000000") }
        let start = ContinuousClock.now
        try await app.inquiries.insertSynthetic(count, on: app.db)
        let filled = ContinuousClock.now - start
        let accounts = app.accounts
        let password = SecureToken.generate()
        func staff(_ role: AccountRole) async throws -> (UserRecord, Data) {
            let user = try await accounts.create(NewAccount(email: "bench-\(role.rawValue)-\(UUID().uuidString.prefix(8))@hills.example",
                                                            password: password, firstName: "Bench", lastName: role.rawValue, locale: .en,
                                                            role: role, emailVerified: true), by: .operator("bench"), on: app.db)
            let enrolment = try await accounts.beginTOTPEnrolment(for: user, on: app.db)
            guard let secret = Base32.decode(enrolment.secret) else { throw CommandFailure("the TOTP secret is not base32") }
            _ = try await accounts.confirmTOTP(for: user, password: password, code: TOTP.code(secret: secret, step: TOTP.step(at: Date()) - 1),
                                               origin: .none, on: app.db)
            return (user, secret)
        }
        let (admin, _) = try await staff(.admin)
        let (coordinator, secret) = try await staff(.coordinator)
        try await accounts.grant(.inquiries, "*", to: try coordinator.requireID(),
                                 by: .user(id: try admin.requireID(), role: .admin, secondFactor: true), on: app.db)
        let tokens = try await accounts.issueTokens(email: coordinator.email, password: password,
                                                    code: TOTP.code(secret: secret, step: TOTP.step(at: Date())), origin: .none, on: app.db)
        context.console.print(String(format: "filled %d inquiries in %.1f s", count, Double(filled.components.seconds) + Double(filled.components.attoseconds) / 1e18))
        context.console.print("token \(tokens.accessToken)")
        context.console.print("email \(coordinator.email)")
        context.console.print("password \(password)")
        context.console.print("totp \(Base32.encode(secret))")
    }
}
