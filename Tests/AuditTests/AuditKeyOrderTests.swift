@testable import Audit
import Core
import FluentKit
import Foundation
import Testing
import TestSupport

/// The keyring lists keys newest first. Once a newer key has signed an event, a later event
/// signed by an older key is a break, so a retired key (one that leaked, say) cannot add to recent
/// history; and an instance whose current key is older than the head's signs with the head's.
@Suite("Retired audit keys cannot add to the chain")
struct AuditKeyOrderTests {
    static let k1 = "k1:" + Data((0..<32).map { UInt8($0) }).base64EncodedString()
    static let k2 = "k2:" + Data((0..<32).map { UInt8(100 + $0) }).base64EncodedString()
    static let rotated = try! SecretKeyring(parsing: k2 + "," + k1)
    static let beforeRotation = try! SecretKeyring(parsing: k1)
    /// The first step of a rotation: k2 known, k1 still current.
    static let k2Pending = try! SecretKeyring(parsing: k2 + "," + k1, current: "k1")

    @Test("an event signed with the older key after the newer one signed is named as a break")
    func olderKeyAfterNewer() async throws {
        try await withTestApp { app in
            try await AuditTrail(keyring: Self.beforeRotation).append(AuditTrailTests.event(1), on: app.db)
            try await AuditTrail(keyring: Self.rotated).append(AuditTrailTests.event(2), on: app.db)
            #expect(try await AuditTrail(keyring: Self.rotated).verify(on: app.db).isIntact)
            // Whoever holds only the old key (an instance left behind, or a leaked key) appends.
            let late = try await AuditTrail(keyring: Self.beforeRotation).append(AuditTrailTests.event(3), on: app.db)
            #expect(late.keyID == "k1")

            let result = try await AuditTrail(keyring: Self.rotated).verify(on: app.db)
            #expect(result.firstBreak?.seq == 3)
            #expect(result.firstBreak?.problem.contains("retired key") == true, "\(result.firstBreak?.description ?? "")")
            #expect(result.verifiedEvents == 2)
        }
    }

    @Test("an instance whose current key is older than the head's signs with the head's key, and the chain stays intact")
    func followsTheHead() async throws {
        try await withTestApp { app in
            let pending = AuditTrail(keyring: Self.k2Pending)
            let first = try await pending.append(AuditTrailTests.event(1), on: app.db)
            let second = try await AuditTrail(keyring: Self.rotated).append(AuditTrailTests.event(2), on: app.db)
            let third = try await pending.append(AuditTrailTests.event(3), on: app.db)
            #expect([first.keyID, second.keyID, third.keyID] == ["k1", "k2", "k2"])
            #expect(try await AuditTrail.headSeal(on: app.db).keyID == "k2")
            #expect(try await AuditTrail(keyring: Self.rotated).verify(on: app.db).isIntact)
            #expect(try await pending.verify(on: app.db).isIntact)
        }
    }

    @Test("keys are ranked by their place in HC_SECRET_KEYS; only older or unknown ones are superseded")
    func ranking() throws {
        let keyring = Self.k2Pending
        #expect(keyring.currentID == "k1")
        #expect(keyring.hasPendingKey)
        #expect(keyring.age(of: "k2") == 0 && keyring.age(of: "k1") == 1 && keyring.age(of: "k0") == nil)
        #expect(!keyring.isSuperseded("k2") && !keyring.isSuperseded("k1") && keyring.isSuperseded("k0"))
        #expect(Self.rotated.isSuperseded("k1") && !Self.rotated.hasPendingKey)
        #expect(throws: ConfigurationError.self) { try SecretKeyring(parsing: Self.k1, current: "k9") }
    }
}
