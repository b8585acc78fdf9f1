@testable import Accounts
@testable import App
import Audit
import Core
import FluentKit
import Foundation
import Testing
import TestSupport
import Vapor

@Suite("authorize(actor, action, resource): the whole matrix")
struct AuthorizationMatrixTests {
    /// Actor × resource → the actions allowed (r, w, d). Written out by hand from the rules in the
    /// issue, not derived from the code: a change to the policy must change this table too.
    static let expected: [String: [String: String]] = [
        "anonymous": ["recordA": "", "recordB": "", "inquirySA": "", "inquiryIR": "", "content": "r", "drafts": "", "review": "",
                      "self": "", "other": "", "grants": "", "audit": "", "directory": "", "media": ""],
        "patientA": ["recordA": "rw", "recordB": "", "inquirySA": "r", "inquiryIR": "", "content": "r", "drafts": "", "review": "",
                     "self": "rw", "other": "", "grants": "", "audit": "", "directory": "", "media": ""],
        "surgeonA": ["recordA": "rw", "recordB": "", "inquirySA": "", "inquiryIR": "", "content": "r", "drafts": "r", "review": "rw",
                     "self": "rw", "other": "", "grants": "", "audit": "", "directory": "", "media": ""],
        "surgeonB": ["recordA": "", "recordB": "", "inquirySA": "", "inquiryIR": "", "content": "r", "drafts": "r", "review": "rw",
                     "self": "rw", "other": "", "grants": "", "audit": "", "directory": "", "media": ""],
        "surgeonA-without-second-factor": ["recordA": "", "recordB": "", "inquirySA": "", "inquiryIR": "", "content": "r", "drafts": "", "review": "",
                                           "self": "rw", "other": "", "grants": "", "audit": "", "directory": "", "media": ""],
        "coordinatorSA": ["recordA": "", "recordB": "", "inquirySA": "rw", "inquiryIR": "", "content": "r", "drafts": "", "review": "",
                          "self": "rw", "other": "", "grants": "", "audit": "", "directory": "", "media": "rwd"],
        "coordinatorAll": ["recordA": "", "recordB": "", "inquirySA": "rw", "inquiryIR": "rw", "content": "r", "drafts": "", "review": "",
                           "self": "rw", "other": "", "grants": "", "audit": "", "directory": "", "media": "rwd"],
        "editor": ["recordA": "", "recordB": "", "inquirySA": "", "inquiryIR": "", "content": "rwd", "drafts": "rwd", "review": "r",
                   "self": "rw", "other": "", "grants": "", "audit": "", "directory": "", "media": "rwd"],
        "admin": ["recordA": "", "recordB": "", "inquirySA": "", "inquiryIR": "", "content": "rwd", "drafts": "rwd", "review": "r",
                  "self": "rw", "other": "rwd", "grants": "rwd", "audit": "r", "directory": "rwd", "media": "rwd"],
    ]

    static func user(_ app: Application, _ role: AccountRole) async throws -> UUID {
        try await app.accounts.create(NewAccount(email: TestSMTPServer.recipient("\(role.rawValue)-"), password: AccountFlowTests.password,
                                                 firstName: role.rawValue, lastName: "", locale: .en, role: role, emailVerified: true),
                                      by: .anonymous, on: app.db).requireID()
    }

    @Test("every role × action × resource kind", arguments: TestDatabase.allCases)
    func matrix(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let accounts = app.accounts
            let patientA = try await Self.user(app, .patient), patientB = try await Self.user(app, .patient)
            let surgeonA = try await Self.user(app, .surgeon), surgeonB = try await Self.user(app, .surgeon)
            let coordinatorSA = try await Self.user(app, .coordinator), coordinatorAll = try await Self.user(app, .coordinator)
            let editor = try await Self.user(app, .editor), admin = try await Self.user(app, .admin)
            let adminActor = AccessActor.user(id: admin, role: .admin, secondFactor: true)
            try await accounts.grant(.patient, patientA.uuidString, to: surgeonA, by: adminActor, on: app.db)
            try await accounts.grant(.inquiries, "sa", to: coordinatorSA, by: adminActor, on: app.db)
            try await accounts.grant(.inquiries, "*", to: coordinatorAll, by: adminActor, on: app.db)

            let actors: [String: (AccessActor, UUID?)] = [
                "anonymous": (.anonymous, nil),
                "patientA": (.user(id: patientA, role: .patient, secondFactor: false), patientA),
                "surgeonA": (.user(id: surgeonA, role: .surgeon, secondFactor: true), surgeonA),
                "surgeonB": (.user(id: surgeonB, role: .surgeon, secondFactor: true), surgeonB),
                "surgeonA-without-second-factor": (.user(id: surgeonA, role: .surgeon, secondFactor: false), surgeonA),
                "coordinatorSA": (.user(id: coordinatorSA, role: .coordinator, secondFactor: true), coordinatorSA),
                "coordinatorAll": (.user(id: coordinatorAll, role: .coordinator, secondFactor: true), coordinatorAll),
                "editor": (.user(id: editor, role: .editor, secondFactor: true), editor),
                "admin": (adminActor, admin),
            ]
            #expect(Set(actors.keys) == Set(Self.expected.keys))
            #expect(Set(actors.values.compactMap { actor -> AccountRole? in
                if case .user(_, let role, _) = actor.0 { return role } else { return nil }
            }) == Set(AccountRole.allCases), "every role is in the table")

            var checked = 0
            for (name, (actor, ownID)) in actors {
                let resources: [String: AccessResource] = [
                    "recordA": .patientRecord(patientID: patientA), "recordB": .patientRecord(patientID: patientB),
                    "inquirySA": .inquiry(region: "SA", patientID: patientA), "inquiryIR": .inquiry(region: "IR", patientID: nil),
                    "content": .content(.live), "drafts": .content(.drafts), "review": .content(.medicalReview), "self": .account(userID: ownID ?? UUID()), "other": .account(userID: patientB),
                    "grants": .grants, "audit": .auditTrail, "directory": .accountDirectory, "media": .media,
                ]
                for (resourceName, resource) in resources {
                    let allowed = try #require(Self.expected[name]?[resourceName])
                    for action in AccessAction.allCases {
                        let letter = String(action.rawValue.prefix(1))
                        let decision = try await accounts.decide(actor, action, resource, on: app.db)
                        #expect(decision.isAllowed == allowed.contains(letter), "\(name) \(action) \(resourceName): \(decision)")
                        checked += 1
                    }
                }
            }
            #expect(checked == 9 * 13 * 3)
        }
    }

    @Test("a refusal throws, is audited with its reason, and revoking a grant takes access away", arguments: TestDatabase.allCases)
    func auditAndRevoke(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let accounts = app.accounts
            let patient = try await Self.user(app, .patient), surgeon = try await Self.user(app, .surgeon)
            let admin = AccessActor.user(id: try await Self.user(app, .admin), role: .admin, secondFactor: true)
            let surgeonActor = AccessActor.user(id: surgeon, role: .surgeon, secondFactor: true)
            let grant = try await accounts.grant(.patient, patient.uuidString, to: surgeon, by: admin, on: app.db)
            try await accounts.authorize(surgeonActor, .read, .patientRecord(patientID: patient), on: app.db)
            try await accounts.revokeGrant(try grant.requireID(), by: admin, on: app.db)
            await #expect(throws: AccessDenied(reason: "no-grant")) {
                try await accounts.authorize(surgeonActor, .read, .patientRecord(patientID: patient), on: app.db)
            }
            await #expect(throws: AccessDenied.self) {
                try await accounts.grant(.patient, patient.uuidString, to: surgeon, by: surgeonActor, on: app.db)
            }
            let events = try await AuditTrail.latest(50, on: app.db).map { "\($0.action):\($0.outcome)" }
            #expect(events.contains("access.allowed:success"))
            #expect(events.filter { $0 == "access.denied:denied" }.count == 2)
            #expect(events.contains("grant.create:success") && events.contains("grant.revoke:success"))
        }
    }
}
