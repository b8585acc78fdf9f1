@testable import Accounts
@testable import App
import Audit
import Core
import FluentKit
import Foundation
import Testing
import TestSupport
import Vapor
import VaporTesting

/// Signing an account out "everywhere" reaches its API sign-ins as well as its browser sessions.
@Suite("Sign-outs that reach the API")
struct APISignOutTests {
    static func refresh(_ app: Application, _ token: String) async throws -> TestingHTTPResponse {
        try await APITokenTests.post(app, "/api/v1/auth/token", json: #"{"grant_type":"refresh_token","refresh_token":"\#(token)"}"#)
    }

    @Test("a password reset ends every API sign-in: the access token and the refresh token from before stop working",
          arguments: TestDatabase.allCases)
    func resetRevokesTokens(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            // Setup: an app signed in twice, then a reset link (as the mail would carry it).
            let user = try await AccountFlowTests.verifiedUser(app)
            let first = try APITokenTests.decode(try await APITokenTests.token(app, user.email))
            let second = try APITokenTests.decode(try await APITokenTests.token(app, user.email))
            #expect(try await APITokenTests.me(app, first.access_token).status == .ok)
            let link = try await app.db.writeTransaction { tx in
                try await AccountTokens.issue(.resetPassword, for: user, on: tx, now: Date())
            }

            // Act
            try await app.accounts.resetPassword(token: link, newPassword: PasswordResetTests.newPassword, origin: .none, on: app.db)

            // Check
            for pair in [first, second] {
                #expect(try await APITokenTests.me(app, pair.access_token).status == .unauthorized)
                #expect(try await Self.refresh(app, pair.refresh_token).status == .unauthorized)
            }
            let families = try await TokenFamilyRecord.query(on: app.db).filter(\.$userID == user.requireID()).all()
            #expect(families.count == 2 && families.allSatisfy { $0.revokeReason == "password-reset" })
            let reset = try #require(try await AuditTrail.latest(20, on: app.db).first { $0.action == "account.password_reset" })
            #expect(reset.detail.contains(#""token_families_revoked":2"#))
        }
    }

    @Test("an admin disabling an account through setDisabled ends its API sign-ins at once", arguments: TestDatabase.allCases)
    func disableRevokesTokens(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let user = try await AccountFlowTests.verifiedUser(app)
            let pair = try APITokenTests.decode(try await APITokenTests.token(app, user.email))
            let adminID = try await AuthorizationMatrixTests.user(app, .admin)

            try await app.accounts.setDisabled(true, userID: try user.requireID(), by: .user(id: adminID, role: .admin, secondFactor: true),
                                               on: app.db)

            #expect(try await APITokenTests.me(app, pair.access_token).status == .unauthorized)
            #expect(try await Self.refresh(app, pair.refresh_token).status == .unauthorized)
            let family = try #require(try await TokenFamilyRecord.query(on: app.db).filter(\.$userID == user.requireID()).first())
            #expect(family.revokeReason == "account-disabled")
        }
    }
}
