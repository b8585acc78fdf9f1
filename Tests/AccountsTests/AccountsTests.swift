@testable import Accounts
@testable import App
import Audit
import Core
import FluentKit
import Foundation
import Testing
import TestSupport

@Suite("Opening accounts")
struct AccountsTests {
    static func account(_ email: String = "sara@example.org", password: String = "a calm lake at dawn") -> NewAccount {
        NewAccount(email: email, password: password, firstName: "سارة", lastName: "Ahmed", locale: .ar, role: .patient)
    }

    @Test("an account is created with a normalised address, a peppered hash and an audit event", arguments: TestDatabase.allCases)
    func create(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let user = try await app.accounts.create(Self.account("  Sara@Example.org "), by: .anonymous, on: app.db)
            #expect(user.email == "Sara@Example.org" && user.emailNormalized == "sara@example.org")
            #expect(user.passwordHash.hasPrefix("hc1$dev$$2b$"))
            #expect(await app.accounts.hashing.verify("a calm lake at dawn", against: user.passwordHash))
            #expect(user.emailVerifiedAt == nil && user.accountRole == .patient)
            let event = try #require(try await AuditTrail.latest(1, on: app.db).first)
            #expect(event.action == "account.create" && event.resourceID == user.id?.uuidString.lowercased())
            #expect(!event.detail.contains("sara"), "the audit detail holds no address")
        }
    }

    @Test("the same address in another case is taken", arguments: TestDatabase.allCases)
    func duplicate(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            try await app.accounts.create(Self.account(), by: .anonymous, on: app.db)
            await #expect(throws: AccountError.emailTaken) {
                try await app.accounts.create(Self.account("SARA@example.ORG"), by: .anonymous, on: app.db)
            }
            let count = try await UserRecord.query(on: app.db).count()
            #expect(count == 1)
        }
    }

    @Test("bad input names each field and writes nothing")
    func invalid() async throws {
        try await withTestApp { app in
            var account = Self.account("not-an-address", password: "short")
            account.firstName = "  "
            await #expect {
                try await app.accounts.create(account, by: .anonymous, on: app.db)
            } throws: { error in
                guard case .invalid(let failure) = error as? AccountError else { return false }
                return Set(failure.fields.keys) == ["email", "password", "first_name"]
            }
            await #expect {
                try await app.accounts.create(Self.account(password: "my sara@example.org box"), by: .anonymous, on: app.db)
            } throws: { error in
                guard case .invalid(let failure) = error as? AccountError else { return false }
                return failure.fields["password"] == "Do not use your e-mail address in your password."
            }
            let head = try await AuditTrail.head(on: app.db)
            #expect(head.seq == 0)
        }
    }
}
