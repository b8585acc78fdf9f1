@testable import Accounts
@testable import App
import Audit
import Core
import FluentKit
import Foundation
@testable import Portal
import Testing
import TestSupport
import Vapor

/// Who may read, write and delete an inquiry and a case, through `authorize` itself (so every
/// attempt is audited), written out by hand from the rules.
@Suite("authorize on inquiries and cases: the matrix")
struct InquiryAccessMatrixTests {
    static let expected: [String: (inquiry: String, patientCase: String)] = [
        "anonymous": ("", ""),
        "the patient": ("r", "rw"),
        "another patient": ("", ""),
        "the assigned surgeon": ("r", "rw"),
        "another surgeon": ("", ""),
        "a coordinator with the region's grant": ("rw", "rw"),
        "a coordinator without it": ("", ""),
        "an admin without a second factor, with a reason": ("", ""),
        "an admin with a second factor, without a reason": ("", ""),
        "an admin with a second factor and a reason": ("rw", "rw"),
    ]

    static func user(_ app: Application, _ role: AccountRole) async throws -> UUID {
        try await app.accounts.create(NewAccount(email: TestSMTPServer.recipient("matrix-\(role.rawValue)-"), password: TestAccounts.password,
                                                 firstName: role.rawValue, lastName: "", locale: .en, role: role, emailVerified: true),
                                      by: .anonymous, on: app.db).requireID()
    }

    @Test("only the allowed succeed, and every attempt is audited", arguments: TestDatabase.allCases)
    func matrix(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let accounts = app.accounts
            let patient = try await Self.user(app, .patient), otherPatient = try await Self.user(app, .patient)
            let surgeon = try await Self.user(app, .surgeon), otherSurgeon = try await Self.user(app, .surgeon)
            let coordinator = try await Self.user(app, .coordinator), otherCoordinator = try await Self.user(app, .coordinator)
            let admin = try await Self.user(app, .admin)
            let adminActor = AccessActor.user(id: admin, role: .admin, secondFactor: true)
            try await accounts.grant(.inquiries, "SA", to: coordinator, by: adminActor, on: app.db)
            try await accounts.grant(.inquiries, "IR", to: otherCoordinator, by: adminActor, on: app.db)
            try await accounts.grant(.patient, patient.uuidString, to: surgeon, by: adminActor, on: app.db)
            let inquiry = AccessResource.inquiry(id: UUID(), region: "SA", patientID: patient, surgeonID: surgeon)
            let patientCase = AccessResource.patientCase(id: UUID(), patientID: patient, region: "SA")
            let reason = "The patient called from the emergency room in Riyadh."
            // In this order: the admin's emergency access, once taken, lasts an hour.
            let actors: [(String, AccessActor, String?)] = [
                ("anonymous", .anonymous, nil),
                ("the patient", .user(id: patient, role: .patient, secondFactor: false), nil),
                ("another patient", .user(id: otherPatient, role: .patient, secondFactor: false), nil),
                ("the assigned surgeon", .user(id: surgeon, role: .surgeon, secondFactor: true), nil),
                ("another surgeon", .user(id: otherSurgeon, role: .surgeon, secondFactor: true), nil),
                ("a coordinator with the region's grant", .user(id: coordinator, role: .coordinator, secondFactor: true), nil),
                ("a coordinator without it", .user(id: otherCoordinator, role: .coordinator, secondFactor: true), nil),
                ("an admin without a second factor, with a reason", .user(id: admin, role: .admin, secondFactor: false), reason),
                ("an admin with a second factor, without a reason", adminActor, nil),
                ("an admin with a second factor and a reason", adminActor, reason),
            ]
            #expect(Set(actors.map(\.0)) == Set(Self.expected.keys))
            let before = try await AuditTrail.latest(1, on: app.db).first?.seq ?? 0
            var attempts = 0
            for (name, actor, reason) in actors {
                let allowed = try #require(Self.expected[name])
                for (resource, letters) in [(inquiry, allowed.inquiry), (patientCase, allowed.patientCase)] {
                    for action in AccessAction.allCases {
                        attempts += 1
                        let succeeded: Bool
                        do {
                            try await accounts.authorize(actor, action, resource, emergencyReason: reason, on: app.db)
                            succeeded = true
                        } catch is AccessDenied {
                            succeeded = false
                        }
                        #expect(succeeded == letters.contains(String(action.rawValue.prefix(1))), "\(name) \(action) \(resource.kind)")
                    }
                }
            }
            let events = try await AuditTrail.latest(500, on: app.db).filter { $0.seq > before }
            let decisions = events.filter { $0.action == "access.allowed" || $0.action == "access.denied" }
            #expect(decisions.count == attempts, "one decision audited per attempt")
            #expect(decisions.allSatisfy { $0.subject == AuditSubject.patient(patient).value }, "each names the patient")
            let emergencies = events.filter { $0.action == "access.emergency" }
            #expect(emergencies.count == 1 && emergencies.first?.detail.contains("emergency room") == true,
                    "one emergency access, with its reason; the next attempts use its hour")
        }
    }
}
