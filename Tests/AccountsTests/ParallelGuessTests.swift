@testable import Accounts
@testable import App
import Audit
import Core
import FluentKit
import Foundation
import Jobs
import Mail
import Testing
import TestSupport
import Vapor

@Suite("Guesses in parallel, and password checks behind sign-in, are counted like any other")
struct ParallelGuessTests {
    static let attacker = AuditOrigin(clientIP: "198.51.100.7", userAgent: "guesser")

    @Test("20 wrong passwords at once for one address from one network: at most 5 are checked, the rest are refused; one lock event",
          arguments: TestDatabase.allCases)
    func parallelWrongPasswords(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let user = try await AccountFlowTests.verifiedUser(app)
            let accounts = app.accounts
            let db = app.db
            let refused = try await SingleUseTests.race { index in
                do {
                    _ = try await accounts.signIn(email: user.email, password: "wrong guess number \(index)", origin: Self.attacker, on: db)
                    return false
                } catch AccountError.tooManyAttempts {
                    return true
                }
            }
            let events = try await AuditTrail.latest(200, on: app.db)
            let checked = events.filter { $0.action == "auth.sign_in" && $0.detail.contains("wrong-password") }.count
            #expect(checked <= 5 && refused == SingleUseTests.racers - checked, "checked \(checked), refused \(refused)")
            #expect(events.filter { $0.action == "auth.lockout" }.count == 1)
            let mails = try await JobRecord.query(on: app.db).filter(\.$kind == SendMailJob.kind).all()
                .filter { $0.payload.contains("account.sign-in-blocked") }
            #expect(mails.count == 1)
        }
    }

    @Test("a stolen session cannot test passwords freely: turning two-step sign-in on counts wrong passwords and locks after five",
          arguments: TestDatabase.allCases)
    func passwordChecksBehindSignIn(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let user = try await AccountFlowTests.verifiedUser(app)
            _ = try await app.accounts.beginTOTPEnrolment(for: user, on: app.db)
            for attempt in 1...5 {
                await #expect(throws: AccountError.self, "attempt \(attempt)") {
                    _ = try await app.accounts.confirmTOTP(for: user, password: "not my password \(attempt)", code: "000000",
                                                           origin: Self.attacker, on: app.db)
                }
            }
            do {
                _ = try await app.accounts.confirmTOTP(for: user, password: AccountFlowTests.password, code: "000000", origin: Self.attacker, on: app.db)
                Issue.record("the sixth try was let through")
            } catch AccountError.tooManyAttempts {}
            // The owner elsewhere is not locked out.
            do {
                _ = try await app.accounts.confirmTOTP(for: user, password: AccountFlowTests.password, code: "000000",
                                                       origin: AuditOrigin(clientIP: "203.0.113.9", userAgent: nil), on: app.db)
                Issue.record("a wrong code was accepted")
            } catch AccountError.invalid(let failure) {
                #expect(failure.fields.keys.contains("code"), "past the password, stopped only by the code")
            }
        }
    }
}
