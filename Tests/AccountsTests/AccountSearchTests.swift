@testable import Accounts
@testable import App
import Core
import FluentKit
import Foundation
import SQLKit
import Testing
import TestSupport
import Vapor

@Suite("The admin's account search")
struct AccountSearchTests {
    /// `count` accounts inserted in batches, named "Patient N Family N" with addresses pN@example.org.
    static func seed(_ count: Int, on db: any Database) async throws {
        let sql = try #require(db as? any SQLDatabase)
        let now = Date()
        for start in stride(from: 0, to: count, by: 500) {
            var rows: [SQLQueryString] = []
            for index in start..<min(start + 500, count) {
                let first = "Patient\(index)"
                let last = "Family\(index)"
                rows.append("""
                    (\(bind: UUID()), \(bind: "p\(index)@example.org"), \(bind: "p\(index)@example.org"), 'x', 'patient', \(bind: first), \(bind: last),
                     'en', \(bind: now), \(bind: now.addingTimeInterval(Double(index))), \(bind: now), \(bind: SearchKey.name(first: first, last: last)),
                     \(bind: SearchKey.fold(last)))
                    """)
            }
            var values: SQLQueryString = rows[0]
            for row in rows.dropFirst() { values = "\(values), \(row)" }
            try await sql.raw("""
                INSERT INTO users (id, email, email_normalized, password_hash, role, first_name, last_name, locale, password_changed_at,
                                   created_at, updated_at, name_key, last_name_key) VALUES \(values)
                """).run()
        }
    }

    static let admin = AccessActor.user(id: UUID(), role: .admin, secondFactor: true)

    @Test("with 5,000 accounts, one search costs the same two queries and a page of results, newest first; prefixes of the address, the full name and the last name find, in any script and case",
          arguments: TestDatabase.allCases)
    func scale(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            try await Self.seed(5_000, on: app.db)
            let counting = try CountingDatabase(app.db)
            let result = try await app.accounts.listUsers(search: "  PATIENT49 ", role: nil, perPage: 50, by: Self.admin, on: counting)
            #expect(counting.count == 2, "queries: \(counting.count)")
            // Patient49, Patient490…499, Patient4900…4999: 111 accounts, the newest first.
            #expect(result.users.count == 50 && result.hasNextPage)
            #expect(result.users.first?.firstName == "Patient4999")
            let third = try await app.accounts.listUsers(search: "patient49", role: nil, page: 3, perPage: 50, by: Self.admin, on: app.db)
            #expect(third.users.count == 11 && !third.hasNextPage)

            #expect(try await app.accounts.listUsers(search: "p1234@", role: nil, by: Self.admin, on: app.db).users.map(\.firstName) == ["Patient1234"])
            #expect(try await app.accounts.listUsers(search: "family4321", role: nil, by: Self.admin, on: app.db).users.count == 1)
            #expect(try await app.accounts.listUsers(search: "atient", role: nil, by: Self.admin, on: app.db).users.isEmpty, "prefixes only")
            #expect(try await app.accounts.listUsers(search: "", role: .editor, by: Self.admin, on: app.db).users.isEmpty)

            let sara = try await app.accounts.create(NewAccount(email: "Sara.N@Example.org", password: AccountFlowTests.password, firstName: "Сара",
                                                                lastName: "Насер", locale: .ru, role: .patient), by: .anonymous, on: app.db)
            let arabic = try await app.accounts.create(NewAccount(email: "layla@example.org", password: AccountFlowTests.password, firstName: "ليلى",
                                                                  lastName: "حداد", locale: .ar, role: .coordinator), by: .anonymous, on: app.db)
            #expect(try await app.accounts.listUsers(search: "сара нас", role: nil, by: Self.admin, on: app.db).users.map(\.id) == [sara.id])
            #expect(try await app.accounts.listUsers(search: "НАСЕР", role: nil, by: Self.admin, on: app.db).users.map(\.id) == [sara.id])
            #expect(try await app.accounts.listUsers(search: "sara.n@", role: nil, by: Self.admin, on: app.db).users.map(\.id) == [sara.id])
            #expect(try await app.accounts.listUsers(search: "حداد", role: .coordinator, by: Self.admin, on: app.db).users.map(\.id) == [arabic.id])
        }
    }
}

@Suite("Admin search input")
struct AccountSearchInputTests {
    @Test("control characters in a search (a NUL among them) find nothing instead of failing", arguments: TestDatabase.allCases)
    func controlCharacters(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            _ = try await AccountFlowTests.verifiedUser(app)
            let found = try await app.accounts.listUsers(search: "\u{0}\u{7}", role: nil, by: AccountSearchTests.admin, on: app.db)
            #expect(found.users.count == 1, "nothing left to search for: everyone")
            #expect(try await app.accounts.listUsers(search: "an\u{0}na", role: nil, by: AccountSearchTests.admin, on: app.db).users.count == 1)
        }
    }
}
