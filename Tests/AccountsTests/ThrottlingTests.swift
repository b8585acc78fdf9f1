@testable import Accounts
@testable import App
import Audit
import Core
import FluentKit
import Foundation
import Jobs
import SQLKit
import Testing
import TestSupport
import Vapor

@Suite("Rate limits and lockout")
struct ThrottlingTests {
    static func from(_ ip: String) -> AuditOrigin { AuditOrigin(clientIP: ip, userAgent: "test") }

    static func tooMany(_ body: () async throws -> Void) async -> Int? {
        do {
            try await body()
            return nil
        } catch AccountError.tooManyAttempts(let seconds) {
            return seconds
        } catch {
            return nil
        }
    }

    @Test("a bucket gives its capacity at once, refills over time, and concurrent takers never overdraw it", arguments: TestDatabase.allCases)
    func bucket(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let limiter = DatabaseRateLimiter()
            let rule = RateRule(name: "test", capacity: 10, refillInterval: 30)
            let now = Date()
            let decisions = try await withThrowingTaskGroup(of: RateDecision.self) { group in
                for _ in 0..<16 { group.addTask { try await limiter.consume("k", rule: rule, on: app.db, now: now) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(decisions.filter { $0 == .allowed }.count == 10)
            #expect(decisions.contains(.limited(retryAfter: 30)))
            #expect(try await limiter.consume("k", rule: rule, on: app.db, now: now.addingTimeInterval(31)) == .allowed)
            #expect(try await limiter.consume("k", rule: rule, on: app.db, now: now.addingTimeInterval(31)) != .allowed)
            #expect(try await limiter.consume("other", rule: rule, on: app.db, now: now) == .allowed, "buckets are per key")
        }
    }

    @Test("five wrong passwords lock that address from that network only; the owner elsewhere signs in and is told once",
          arguments: TestDatabase.allCases)
    func pairLockout(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let accounts = app.accounts
            let user = try await AccountFlowTests.verifiedUser(app)
            let attacker = Self.from("203.0.113.5")
            let now = Date()
            for attempt in 0..<5 {
                let result = try await accounts.signIn(email: user.email, password: "wrong guess \(attempt)", origin: attacker,
                                                       on: app.db, now: now.addingTimeInterval(Double(attempt)))
                guard case .failed = result else { Issue.record("attempt \(attempt) was not refused"); return }
            }
            let locked = await Self.tooMany {
                _ = try await accounts.signIn(email: user.email, password: AccountFlowTests.password, origin: attacker, on: app.db, now: now.addingTimeInterval(10))
            }
            #expect(locked != nil && locked! <= 15 * 60, "even the right password waits out the lock")

            let owner = try await accounts.signIn(email: user.email, password: AccountFlowTests.password, origin: Self.from("198.51.100.7"),
                                                  on: app.db, now: now.addingTimeInterval(11))
            guard case .signedIn = owner else { Issue.record("the owner elsewhere was locked out"); return }
            try await accounts.requestPasswordReset(email: user.email, origin: attacker, on: app.db, now: now.addingTimeInterval(12))

            let later = try await accounts.signIn(email: user.email, password: AccountFlowTests.password, origin: attacker,
                                                  on: app.db, now: now.addingTimeInterval(16 * 60))
            guard case .signedIn = later else { Issue.record("the lock did not lift"); return }

            let events = try await AuditTrail.latest(100, on: app.db)
            #expect(events.filter { $0.action == "auth.lockout" }.count == 1)
            let mails = try await (app.db as! any SQLDatabase).raw("SELECT payload FROM jobs WHERE kind = 'mail.send'").all()
                .map { try $0.decode(column: "payload", as: String.self) }
            #expect(mails.filter { $0.contains(AccountMail.signInBlocked.name) }.count == 1)
        }
    }

    @Test("thirty failures from one network across addresses lock the network", arguments: TestDatabase.allCases)
    func networkLockout(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let user = try await AccountFlowTests.verifiedUser(app)
            let scanner = Self.from("2001:db8:7:1::10")
            let now = Date()
            for attempt in 0..<30 {
                // Twenty seconds apart, so the network's bucket refills and only the lockout can stop it.
                _ = try await app.accounts.signIn(email: "guess\(attempt)@hills.example", password: "whatever it is",
                                                  origin: scanner, on: app.db, now: now.addingTimeInterval(Double(attempt * 20)))
            }
            let sameSlash64 = Self.from("2001:db8:7:1::99")
            let locked = await Self.tooMany {
                _ = try await app.accounts.signIn(email: user.email, password: AccountFlowTests.password, origin: sameSlash64,
                                                  on: app.db, now: now.addingTimeInterval(601))
            }
            #expect(locked != nil, "the whole /64 is one network")
        }
    }

    @Test("guesses from many networks are slowed, never the owner on a network they used before", arguments: TestDatabase.allCases)
    func accountThrottle(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let user = try await AccountFlowTests.verifiedUser(app)
            let home = Self.from("192.0.2.1")
            let now = Date()
            _ = try await app.accounts.signIn(email: user.email, password: AccountFlowTests.password, origin: home, on: app.db, now: now)
            var slowed = 0
            for n in 0..<15 {
                if await Self.tooMany({
                    _ = try await app.accounts.signIn(email: user.email, password: "guess \(n)", origin: Self.from("198.51.100.\(n + 1)"),
                                                      on: app.db, now: now.addingTimeInterval(1))
                }) != nil { slowed += 1 }
            }
            #expect(slowed == 6, "ten tokens for unknown networks, and home was one at its first sign-in")
            let result = try await app.accounts.signIn(email: user.email, password: AccountFlowTests.password, origin: home,
                                                       on: app.db, now: now.addingTimeInterval(2))
            guard case .signedIn = result else { Issue.record("the owner at home was slowed"); return }
        }
    }

    @Test("over HTTP a locked sign-in answers 429 with Retry-After and a page in the visitor's language")
    func http429() async throws {
        try await withTestApp { app in
            let user = try await AccountFlowTests.verifiedUser(app)
            let browser = TestBrowser(app)
            try await browser.get("/ru/account/sign-in")
            for _ in 0..<5 {
                #expect(try await browser.post("/ru/account/sign-in", ["email": user.email, "password": "not my password"]).status == .unauthorized)
            }
            let response = try await browser.post("/ru/account/sign-in", ["email": user.email, "password": AccountFlowTests.password])
            #expect(response.status == .tooManyRequests)
            #expect(Int(response.headers.first(name: .retryAfter) ?? "") ?? 0 > 0)
            #expect(response.text.contains("lang=\"ru\""))
            #expect(try await app.accounts.sessions.live(of: try user.requireID(), on: app.db).isEmpty)
        }
    }
}
