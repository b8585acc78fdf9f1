import Accounts
import Audit
import Core
import Foundation
import HTTPSupport
import Vapor

/// `healthconnect create-admin --email E --password-stdin [--first-name N] [--last-name N]`:
/// the first administrator, scriptable. The password is read from standard input (never from
/// the command line, where `ps` and shell history would show it); the address counts as
/// verified, since the operator vouches for it.
struct CreateAdminCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "email", help: "The administrator's e-mail address")
        var email: String?
        @Flag(name: "password-stdin", help: "Read the password from the first line of standard input")
        var passwordStdin: Bool
        @Option(name: "first-name", help: "First name (default: Admin)")
        var firstName: String?
        @Option(name: "last-name", help: "Last name")
        var lastName: String?
        @Option(name: "locale", help: "en, ar, fa or ru (default en)")
        var locale: String?
    }

    var help: String { "Creates an administrator account (an audited operator action)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let email = signature.email else { throw CommandFailure("--email is required") }
        guard signature.passwordStdin else {
            throw CommandFailure("--password-stdin is required: pipe the password in, e.g. `printf %s \"$PW\" | healthconnect create-admin …`")
        }
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw CommandFailure("no password on standard input")
        }
        let locale = try CommandFailure.locale(from: signature.locale)
        let app = context.application
        let account = NewAccount(email: email, password: line, firstName: signature.firstName ?? "Admin",
                                 lastName: signature.lastName ?? "", locale: locale, role: .admin, emailVerified: true)
        do {
            let user = try await app.accounts.create(account, by: .operator(OperatorIdentity.current),
                                                     origin: AuditOrigin(userAgent: "healthconnect/cli"), on: app.db)
            context.console.print("Created administrator \(user.email) (\(user.id?.uuidString.lowercased() ?? "")).")
        } catch AccountError.emailTaken {
            throw CommandFailure("an account with this e-mail address already exists")
        } catch AccountError.invalid(let failure) {
            let translations = app.webContext.translations
            let problems = failure.fields.sorted { $0.key < $1.key }
                .map { "\($0.key): \(translations.translate($0.value, into: .en))" }
            throw CommandFailure(problems.joined(separator: "; "))
        }
    }
}
