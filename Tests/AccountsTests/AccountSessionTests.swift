@testable import Accounts
@testable import App
import Core
import FluentKit
import Foundation
import Testing
import TestSupport
import Vapor

@Suite("Account sessions: idle and absolute timeouts")
struct AccountSessionTests {
    static func start(_ app: Application, role: AccountRole) async throws -> (UserRecord, AccountSessionRecord) {
        let user = try await app.accounts.create(NewAccount(email: TestSMTPServer.recipient(), password: AccountFlowTests.password,
                                                            firstName: "Omid", lastName: "", locale: .fa, role: role, emailVerified: true),
                                                 by: .anonymous, on: app.db)
        let session = try await app.accounts.sessions.start(for: user, origin: .none, on: app.db, now: Date())
        return (user, session)
    }

    @Test("a session ends after the idle timeout, use pushes it back, and the absolute limit holds", arguments: TestDatabase.allCases)
    func timeouts(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let sessions = app.accounts.sessions
            let (_, session) = try await Self.start(app, role: .patient)
            let id = try session.requireID()
            let start = session.createdAt
            let idle = sessions.timeouts.patientIdle
            #expect(try await sessions.resume(id, on: app.db, now: start.addingTimeInterval(idle + 1)) == nil)
            // Used every 20 minutes, it lives on until the absolute limit.
            var now = start
            while now.addingTimeInterval(20 * 60) < start.addingTimeInterval(sessions.timeouts.patientAbsolute) {
                now = now.addingTimeInterval(20 * 60)
                #expect(try await sessions.resume(id, on: app.db, now: now) != nil)
            }
            #expect(try await sessions.resume(id, on: app.db, now: start.addingTimeInterval(sessions.timeouts.patientAbsolute + 1)) == nil)
        }
    }

    @Test("staff sessions time out sooner than patients'")
    func staffShorter() async throws {
        try await withTestApp { app in
            let sessions = app.accounts.sessions
            let (_, patient) = try await Self.start(app, role: .patient)
            let (_, surgeon) = try await Self.start(app, role: .surgeon)
            let later = surgeon.createdAt.addingTimeInterval(sessions.timeouts.staffIdle + 1)
            #expect(try await sessions.resume(try patient.requireID(), on: app.db, now: later) != nil)
            #expect(try await sessions.resume(try surgeon.requireID(), on: app.db, now: later) == nil)
        }
    }

    @Test("a disabled account's sessions stop working at once", arguments: TestDatabase.allCases)
    func disabled(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let (user, session) = try await Self.start(app, role: .coordinator)
            user.disabledAt = Date()
            try await user.save(on: app.db)
            #expect(try await app.accounts.sessions.resume(try session.requireID(), on: app.db) == nil)
        }
    }
}
