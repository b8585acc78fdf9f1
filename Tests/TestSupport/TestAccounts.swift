import Accounts
import Core
import Foundation
import Vapor

/// People signed in to a test app, in a browser, for suites outside the accounts' own.
public enum TestAccounts {
    public static let password = "olive trees by the sea 7"

    /// A new verified account of `role`, signed in in a new browser; staff pass the second step
    /// with a TOTP code when `secondFactor` is true.
    public static func signedIn(_ app: Application, role: AccountRole = .patient, secondFactor: Bool = false,
                                locale: SiteLocale = .en) async throws -> (TestBrowser, UserRecord) {
        let (user, secret) = try await account(app, role: role, secondFactor: secondFactor, locale: locale)
        let browser = TestBrowser(app)
        try await browser.get("/en/account/sign-in")
        let signIn = try await browser.post("/en/account/sign-in", ["email": user.email, "password": password])
        guard signIn.status == .seeOther else { throw TestSetupError("sign-in answered \(signIn.status)") }
        if let secret {
            try await browser.get("/en/account/sign-in/code")
            let done = try await browser.post("/en/account/sign-in/code", ["code": TOTP.code(secret: secret, step: TOTP.step(at: Date()))])
            guard done.status == .seeOther else { throw TestSetupError("the second step answered \(done.status)") }
        }
        return (browser, user)
    }

    /// A new verified account of `role` and its TOTP secret when `secondFactor` is true.
    public static func account(_ app: Application, role: AccountRole, secondFactor: Bool, locale: SiteLocale = .en) async throws
        -> (UserRecord, Data?) {
        let user = try await app.accounts.create(NewAccount(email: TestSMTPServer.recipient("\(role.rawValue)-"), password: password,
                                                            firstName: "Layla", lastName: "Haddad", locale: locale, role: role,
                                                            emailVerified: true), by: .anonymous, on: app.db)
        guard secondFactor else { return (user, nil) }
        let enrolment = try await app.accounts.beginTOTPEnrolment(for: user, on: app.db)
        guard let decoded = Base32.decode(enrolment.secret) else { throw TestSetupError("the TOTP secret is not base32") }
        _ = try await app.accounts.confirmTOTP(for: user, password: password,
                                               code: TOTP.code(secret: decoded, step: TOTP.step(at: Date()) - 1), origin: .none, on: app.db)
        return (user, decoded)
    }

    /// A new account of `role` signed in at the API (with a TOTP code when `secondFactor`): its access token.
    public static func apiToken(_ app: Application, role: AccountRole = .patient, secondFactor: Bool = false) async throws -> (String, UserRecord) {
        let (user, secret) = try await account(app, role: role, secondFactor: secondFactor)
        let code = secret.map { TOTP.code(secret: $0, step: TOTP.step(at: Date())) }
        let pair = try await app.accounts.issueTokens(email: user.email, password: password, code: code, origin: .none, on: app.db)
        return (pair.accessToken, user)
    }
}
