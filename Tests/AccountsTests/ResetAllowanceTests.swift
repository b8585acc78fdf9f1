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

/// The owner of an address can always get a working reset link, whatever others ask for.
@Suite("Nobody can keep someone else's reset from working")
struct ResetAllowanceTests {
    static func signedIn(_ app: Application, _ user: UserRecord) async throws -> SignedIn {
        guard case .signedIn(let signedIn) = try await app.accounts.signIn(email: user.email, password: AccountFlowTests.password,
                                                                           origin: .none, on: app.db) else {
            throw TestSetupError("could not sign in")
        }
        return signedIn
    }

    static func resetMails(_ app: Application, to address: String) async throws -> Int {
        try await JobRecord.query(on: app.db).filter(\.$kind == SendMailJob.kind).all()
            .filter { $0.payload.contains("\"template\":\"account.reset-password\"") && $0.payload.contains(address) }.count
    }

    @Test("asking again and again to move one's account to the owner's address spends none of the owner's reset allowance",
          arguments: TestDatabase.allCases)
    func addressChangeSpendsNothing(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let owner = try await AccountFlowTests.verifiedUser(app)
            let other = try await AccountFlowTests.verifiedUser(app)
            let session = try await Self.signedIn(app, other)
            var refused = 0
            for _ in 0..<10 {
                do {
                    try await app.accounts.requestEmailChange(for: session, password: AccountFlowTests.password, code: nil,
                                                              newEmail: owner.email, origin: .none, on: app.db)
                } catch AccountError.tooManyAttempts {
                    refused += 1
                }
            }
            #expect(refused == 7, "the asker's own bucket stops them after three")
            for _ in 0..<3 {
                try await app.accounts.requestPasswordReset(email: owner.email, origin: .none, on: app.db)
            }
            #expect(try await Self.resetMails(app, to: owner.email) == 3)
        }
    }

    @Test("a stranger's reset requests cannot kill the link the owner holds; each one that passes mails the owner a working link",
          arguments: TestDatabase.allCases)
    func strangerFlood(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let owner = try await AccountFlowTests.verifiedUser(app)
            let now = Date()
            let link = try await app.db.writeTransaction { tx in try await AccountTokens.issue(.resetPassword, for: owner, on: tx, now: now) }
            var passed = 0
            for index in 0..<10 {
                do {
                    try await app.accounts.requestPasswordReset(email: owner.email, origin: AuditOrigin(clientIP: "203.0.113.\(index)", userAgent: nil),
                                                                on: app.db, now: now)
                    passed += 1
                } catch AccountError.tooManyAttempts {}
            }
            let mailed = try await Self.resetMails(app, to: owner.email)
            #expect(passed == 3 && mailed == 3)
            #expect(try await app.accounts.checkResetLink(link, on: app.db, now: now), "the owner's link still works")
            try await app.accounts.resetPassword(token: link, newPassword: PasswordResetTests.newPassword, origin: .none, on: app.db, now: now)
            let changed = try #require(try await UserRecord.find(owner.id, on: app.db))
            let others = try await AccountTokenRecord.query(on: app.db).filter(\.$purpose == TokenPurpose.resetPassword.rawValue)
                .filter(\.$usedAt == nil).all()
            #expect(others.count == 3)
            #expect(others.allSatisfy { $0.binding != AccountTokens.binding(.resetPassword, changed) }, "the new password killed the other links")
        }
    }

    @Test("ten accounts confirming the same new address at once: one gets it, the others hear it is taken, never a 500",
          arguments: TestDatabase.allCases)
    func confirmationRace(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let target = TestSMTPServer.recipient("wanted-")
            var links: [String] = []
            for _ in 0..<10 {
                let user = try await AccountFlowTests.verifiedUser(app)
                links.append(try await app.db.writeTransaction { tx in
                    try await AccountTokens.issue(.changeEmail, for: user, newEmail: target, on: tx, now: Date())
                })
            }
            let accounts = app.accounts
            let db = app.db
            let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
                for link in links {
                    group.addTask {
                        do {
                            try await accounts.confirmEmailChange(token: link, origin: .none, on: db)
                            return "changed"
                        } catch AccountError.emailTaken {
                            return "taken"
                        }
                    }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == "changed" }.count == 1 && outcomes.filter { $0 == "taken" }.count == 9)
            #expect(try await UserRecord.query(on: app.db).filter(\.$emailNormalized == target).count() == 1)
        }
    }
}

@Suite("Two reset links at once")
struct ConcurrentResetLinkTests {
    @Test("of two different reset links used at the same moment, one sets the password and the other is dead", arguments: TestDatabase.allCases)
    func twoLinks(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let owner = try await AccountFlowTests.verifiedUser(app)
            let links = try await app.db.writeTransaction { tx in
                [try await AccountTokens.issue(.resetPassword, for: owner, on: tx, now: Date()),
                 try await AccountTokens.issue(.resetPassword, for: owner, on: tx, now: Date())]
            }
            let accounts = app.accounts
            let db = app.db
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for (index, link) in links.enumerated() {
                    group.addTask {
                        do {
                            try await accounts.resetPassword(token: link, newPassword: "\(PasswordResetTests.newPassword) \(index)", origin: .none, on: db)
                            return true
                        } catch AccountError.linkInvalid {
                            return false
                        }
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 1)
        }
    }
}
