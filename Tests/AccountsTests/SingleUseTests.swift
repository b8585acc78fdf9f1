@testable import Accounts
@testable import App
import Audit
import Core
import FluentKit
import Foundation
import Synchronization
import Testing
import TestSupport
import Vapor

/// Whatever may be used once is used once, however many requests present it at the same moment.
/// The requests really run at once (a task group); on PostgreSQL nothing serialises them for us.
@Suite("Single use under real concurrency")
struct SingleUseTests {
    static let racers = 20

    /// Runs `body` `racers` times at once; how many returned true.
    static func race(_ body: @escaping @Sendable (Int) async throws -> Bool) async throws -> Int {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<racers { group.addTask { try await body(index) } }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
    }

    static func origin(_ index: Int) -> AuditOrigin { AuditOrigin(clientIP: "198.51.100.\(index + 1)", userAgent: "race") }

    /// An account with TOTP on, and its secret.
    static func twoFactorUser(_ app: Application, now: Date) async throws -> (UserRecord, Data, [String]) {
        let user = try await AccountFlowTests.verifiedUser(app)
        let enrolment = try await app.accounts.beginTOTPEnrolment(for: user, on: app.db, now: now)
        let secret = try #require(Base32.decode(enrolment.secret))
        let codes = try await app.accounts.confirmTOTP(for: user, password: AccountFlowTests.password,
                                                       code: TOTP.code(secret: secret, step: TOTP.step(at: now) - 1),
                                                       origin: .none, on: app.db, now: now)
        return (user, secret, codes)
    }

    @Test("20 refreshes of one token at once: one new pair, the family revoked as reused and audited once, the new pair dead too",
          arguments: TestDatabase.allCases)
    func concurrentRefresh(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            // Setup
            let user = try await AccountFlowTests.verifiedUser(app)
            let pair = try await app.accounts.issueTokens(email: user.email, password: AccountFlowTests.password, code: nil,
                                                          origin: .none, on: app.db)
            let accounts = app.accounts
            let db = app.db
            let won = ManagedPairs()

            // Act
            let successes = try await Self.race { index in
                do {
                    won.add(try await accounts.refreshTokens(pair.refreshToken, origin: Self.origin(index), on: db))
                    return true
                } catch AccountError.invalidToken {
                    return false
                }
            }

            // Check
            #expect(successes == 1)
            let family = try #require(try await TokenFamilyRecord.query(on: app.db).filter(\.$userID == user.requireID()).first())
            #expect(family.revokedAt != nil && family.revokeReason == "reuse")
            let reuses = try await AuditTrail.latest(200, on: app.db).filter { $0.action == "token.reuse_detected" }
            #expect(reuses.count == 1)
            let winner = try #require(won.all.first)
            await #expect(throws: AccountError.invalidToken) {
                _ = try await accounts.authenticate(accessToken: winner.accessToken, on: db)
            }
            await #expect(throws: AccountError.invalidToken) {
                _ = try await accounts.refreshTokens(winner.refreshToken, origin: .none, on: db)
            }
        }
    }

    @Test("20 sign-ins with one TOTP code at once: exactly one gets through", arguments: TestDatabase.allCases)
    func concurrentTOTP(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let now = Date()
            let (user, secret, _) = try await Self.twoFactorUser(app, now: now)
            let code = TOTP.code(secret: secret, step: TOTP.step(at: now))
            let accounts = app.accounts
            let db = app.db
            let successes = try await Self.race { index in
                try await accounts.checkSecondFactor(user, code: code, origin: Self.origin(index), on: db, now: now)
            }
            #expect(successes == 1)
            #expect(try await accounts.checkSecondFactor(user, code: code, origin: .none, on: db, now: now) == false)
        }
    }

    @Test("20 sign-ins with one recovery code at once: exactly one gets through, audited once", arguments: TestDatabase.allCases)
    func concurrentRecoveryCode(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let now = Date()
            let (user, _, codes) = try await Self.twoFactorUser(app, now: now)
            let accounts = app.accounts
            let db = app.db
            let successes = try await Self.race { index in
                try await accounts.checkSecondFactor(user, code: codes[0], origin: Self.origin(index), on: db, now: now)
            }
            #expect(successes == 1)
            let uses = try await AuditTrail.latest(200, on: app.db).filter { $0.action == "mfa.recovery_code_use" }
            #expect(uses.count == 1)
            #expect(try await accounts.checkSecondFactor(user, code: codes[1], origin: .none, on: db, now: now))
        }
    }

    @Test("recovery codes are stored as an HMAC under their own key; a code stored as bare SHA-256 still works, once",
          arguments: TestDatabase.allCases)
    func recoveryCodesAtRest(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let now = Date()
            let (user, _, codes) = try await Self.twoFactorUser(app, now: now)
            let stored = try await RecoveryCodeRecord.query(on: app.db).filter(\.$userID == user.requireID()).all(\.$codeHash)
            #expect(stored.count == 10 && stored.allSatisfy { $0.hasPrefix("h1$") })
            let compact = codes[2].replacingOccurrences(of: "-", with: "")
            #expect(!stored.contains(SecureToken.hash(compact)), "not the bare hash any more")

            // A code from before the keyed form, as the old code stored it.
            let legacy = "ABCDE23456"
            let record = RecoveryCodeRecord()
            record.id = UUID()
            record.userID = try user.requireID()
            record.codeHash = SecureToken.hash(legacy)
            record.createdAt = now
            try await record.create(on: app.db)
            #expect(try await app.accounts.checkSecondFactor(user, code: "abcde-23456", origin: .none, on: app.db, now: now))
            #expect(try await app.accounts.checkSecondFactor(user, code: legacy, origin: .none, on: app.db, now: now) == false)
        }
    }
}

/// The token pairs the racing refreshes won.
final class ManagedPairs: Sendable {
    private let pairs = Mutex<[TokenPair]>([])
    func add(_ pair: TokenPair) { pairs.withLock { $0.append(pair) } }
    var all: [TokenPair] { pairs.withLock { $0 } }
}

@Suite("The accounts purge")
struct AccountsPurgeTests {
    @Test("API sign-ins and link tokens a month past their end are deleted with their refresh tokens; live ones stay",
          arguments: TestDatabase.allCases)
    func purgesTokens(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let user = try await AccountFlowTests.verifiedUser(app)
            let now = Date()
            let old = now.addingTimeInterval(-70 * 86_400)
            _ = try await app.accounts.issueTokens(email: user.email, password: AccountFlowTests.password, code: nil, origin: .none, on: app.db, now: old)
            let live = try await app.accounts.issueTokens(email: user.email, password: AccountFlowTests.password, code: nil, origin: .none, on: app.db, now: now)
            _ = try await app.db.writeTransaction { tx in try await AccountTokens.issue(.verifyEmail, for: user, on: tx, now: old) }

            try await AccountSessions.purge(olderThan: 30 * 86_400, on: app.db, now: now)

            #expect(try await TokenFamilyRecord.query(on: app.db).count() == 1)
            #expect(try await RefreshTokenRecord.query(on: app.db).count() == 1)
            #expect(try await AccountTokenRecord.query(on: app.db).count() == 0)
            #expect(try await app.accounts.refreshTokens(live.refreshToken, origin: .none, on: app.db).refreshToken != live.refreshToken)
        }
    }
}
