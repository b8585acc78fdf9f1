@testable import Accounts
@testable import App
import Audit
import Core
import FluentKit
import Foundation
import Jobs
@testable import Media
import Testing
import TestSupport
import Vapor

/// `/admin/uploads`: what is held back, for admins and coordinators after a second factor only,
/// with retry and delete audited.
@Suite("The clinic's desk of uploads held back")
struct AdminUploadsTests {
    @Test("an admin sees infected and unscanned uploads (metadata only), scans one again and deletes another; patients and staff without a second factor are refused",
          arguments: TestDatabase.allCases)
    func desk(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let infected = try await UploadPipelineTests.receive(app, UploadInspectionTests.dicom() + ClamdTests.eicar, as: "IM000001")
            _ = try await UploadPipelineTests.receive(app, UploadInspectionTests.png(width: 40, height: 40), as: "clean.png")
            try await UploadPipelineTests.work(app)
            let unscanned = try await UploadPipelineTests.receive(app, UploadInspectionTests.png(width: 40, height: 40), as: "ساق.png")
            try await UploadRecord.query(on: app.db).filter(\.$id == unscanned.requireID()).set(\.$state, to: .unscanned)
                .set(\.$scanDetail, to: "size limit exceeded").update()
            try await JobRecord.query(on: app.db).delete()

            let (patient, _) = try await TestAccounts.signedIn(app)
            #expect(try await patient.get("/admin/uploads").status == .forbidden)
            let (plainCoordinator, _) = try await TestAccounts.signedIn(app, role: .coordinator)
            #expect(try await plainCoordinator.get("/admin/uploads").status == .forbidden, "a second factor first")
            let (coordinator, _) = try await TestAccounts.signedIn(app, role: .coordinator, secondFactor: true)
            #expect(try await coordinator.get("/admin/uploads").status == .ok)
            #expect(try await coordinator.get("/en/account/").text.contains(#"href="/admin/uploads""#), "reached from the account page")
            #expect(try await !patient.get("/en/account/").text.contains("/admin/"))

            let (admin, adminUser) = try await TestAccounts.signedIn(app, role: .admin, secondFactor: true)
            let page = try await admin.get("/admin/uploads")
            #expect(page.status == .ok)
            #expect(page.text.contains("IM000001") && page.text.contains("ساق.png") && !page.text.contains("clean.png"))
            #expect(page.text.contains("Health-Connect-EICAR-Test") && page.text.contains("size limit exceeded"))
            #expect(!page.text.contains("/media/"), "no way to the contents from here")
            let infectedID = try infected.requireID().uuidString.lowercased()
            let unscannedID = try unscanned.requireID().uuidString.lowercased()
            #expect(!page.text.contains("/admin/uploads/\(infectedID)/retry"), "an infected file is only deleted")

            let retried = try await admin.post("/admin/uploads/\(unscannedID)/retry", [:])
            #expect(retried.status == .seeOther && retried.location == "/admin/uploads")
            #expect(try await UploadPipelineTests.state(app, unscanned) == .quarantined)
            #expect(try await JobRecord.query(on: app.db).filter(\.$kind == ScanUploadJob.kind).count() == 1)
            try await UploadPipelineTests.work(app)
            #expect(try await UploadPipelineTests.state(app, unscanned) == .clean)
            #expect(try await admin.post("/admin/uploads/\(infectedID)/retry", [:]).status == .conflict)

            #expect(try await plainCoordinator.post("/admin/uploads/\(infectedID)/delete", [:]).status == .forbidden)
            try await admin.get("/admin/uploads")
            #expect(try await admin.post("/admin/uploads/\(infectedID)/delete", [:]).status == .seeOther)
            #expect(try await UploadRecord.find(infected.requireID(), on: app.db) == nil)
            #expect(try await JobRecord.query(on: app.db).filter(\.$kind == DeleteStoredObjectJob.kind).count() == 1)

            let adminID = try adminUser.requireID().uuidString.lowercased()
            let entries = try await AuditTrail.latest(40, on: app.db).filter { $0.actorID == adminID }.map { "\($0.action):\($0.resourceID ?? "")" }
            #expect(entries.contains("upload.retry:\(unscannedID)") && entries.contains("upload.delete:\(infectedID)"))
            #expect(entries.contains("access.allowed:"), "the list itself is an audited access")
        }
    }
}
