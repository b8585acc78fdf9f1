@testable import Accounts
@testable import App
import Audit
import Core
import Foundation
import Testing
import TestSupport
import Vapor
import VaporTesting
import Web

/// A rolling deploy of a key rotation: two instances on one database, each restarted in turn with
/// the next keyring, so that at every moment one runs a step ahead of the other.
@Suite("Key rotation in two steps survives a rolling deploy")
struct KeyRotationTests {
    static let k1 = "k1:" + Data((0..<32).map { UInt8(truncatingIfNeeded: 7 &* $0 &+ 1) }).base64EncodedString()
    static let k2 = "k2:" + Data((0..<32).map { UInt8(truncatingIfNeeded: 11 &* $0 &+ 3) }).base64EncodedString()
    static let before = try! SecretKeyring(parsing: k1)
    static let added = try! SecretKeyring(parsing: k2 + "," + k1, current: "k1")
    static let promoted = try! SecretKeyring(parsing: k2 + "," + k1)

    /// What each pair of instances must keep doing while one runs a step ahead of the other:
    /// a web session, a TOTP secret (a sealed field), API tokens and refreshes, each made on one
    /// instance and used on the other.
    static func worksAcross(_ writer: Application, _ reader: Application, phase: String) async throws {
        let user = try await AccountFlowTests.verifiedUser(writer)
        let browser = TestBrowser(writer)
        #expect(try await AccountFlowTests.signIn(browser, user.email).status == .seeOther, "\(phase): web sign-in")
        browser.app = reader
        #expect(try await browser.get("/en/account/").status == .ok, "\(phase): the session made on one instance works on the other")

        let enrolment = try await writer.accounts.beginTOTPEnrolment(for: user, on: writer.db)
        let secret = try #require(Base32.decode(enrolment.secret))
        let now = Date()
        _ = try await writer.accounts.confirmTOTP(for: user, password: AccountFlowTests.password,
                                                  code: TOTP.code(secret: secret, step: TOTP.step(at: now) - 1), origin: .none, on: writer.db)
        let issued = try await APITokenTests.token(reader, user.email, code: TOTP.code(secret: secret, step: TOTP.step(at: now)))
        #expect(issued.status == .ok, "\(phase): the TOTP secret sealed on one instance opens on the other: \(issued.text)")
        let tokens = try APITokenTests.decode(issued)
        #expect(try await APITokenTests.me(writer, tokens.access_token).status == .ok, "\(phase): an access token signed on one instance")
        let refreshed = try await APITokenTests.post(writer, "/api/v1/auth/token",
                                                     json: #"{"grant_type":"refresh_token","refresh_token":"\#(tokens.refresh_token)"}"#)
        #expect(refreshed.status == .ok, "\(phase): a refresh token from one instance refreshes on the other")
        #expect(try await APITokenTests.me(reader, try APITokenTests.decode(refreshed).access_token).status == .ok)

        for instance in [writer, reader] {
            let result = try await instance.auditTrail.verify(on: instance.db)
            #expect(result.isIntact, "\(phase): \(result.firstBreak?.description ?? "")")
        }
    }

    static func instance(_ database: DatabaseURL, _ keyring: SecretKeyring, _ body: (Application) async throws -> Void) async throws {
        try await withApplication(on: database, adjust: { $0.secretKeys = keyring }, body)
    }

    @Test("instance A and B through step 1 (key added, not current) and step 2 (promoted), each restarted in turn",
          arguments: TestDatabase.allCases)
    func rollingDeploy(database: TestDatabase) async throws {
        try await withTestApp(database, adjust: { $0.secretKeys = Self.before }) { first in
            let url = first.webContext.configuration.database
            try await Self.worksAcross(first, first, phase: "before")
            // Step 1: B restarts knowing k2; A still runs with k1 alone. Nothing is signed with k2 yet.
            try await Self.instance(url, Self.added) { b in
                try await Self.worksAcross(first, b, phase: "step 1, A behind")
                try await Self.worksAcross(b, first, phase: "step 1, B ahead")
            }
            try await Self.instance(url, Self.added) { a in
                // Step 2: B restarts with k2 current (and makes a new API signing key, sealed under k2);
                // A, not yet restarted, only knows k2.
                try await Self.instance(url, Self.promoted) { b in
                    _ = try await b.accounts.rotateSigningKey(by: .operator("test"), on: b.db)
                    try await Self.worksAcross(b, a, phase: "step 2, B ahead")
                    try await Self.worksAcross(a, b, phase: "step 2, A behind")
                    let keys = try await AuditTrail.latest(3, on: b.db).map(\.keyID)
                    #expect(keys == ["k2", "k2", "k2"], "A follows the chain head's newer key")
                }
            }
            try await Self.instance(url, Self.promoted) { a in
                try await Self.worksAcross(a, a, phase: "after")
            }
        }
    }
}
