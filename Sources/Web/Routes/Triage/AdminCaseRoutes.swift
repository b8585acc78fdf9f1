import Accounts
import Core
import Foundation
import HTTPSupport
import Markup
import Portal
import Vapor

/// `/admin/cases`: the cases staff follow, one case (through `authorize`, audited), and reassigning
/// its surgeon (the grant to the patient's record moves with it).
public struct AdminCaseRoutes: RouteCollection, Sendable {
    public init() {}

    public func boot(routes: any RoutesBuilder) throws {
        let cases = routes.grouped("admin", "cases")
        cases.get(use: list)
        cases.get(":case", use: show)
        cases.post(":case", "reassign", use: reassign)
    }

    struct ReassignForm: Content {
        var version: Int?
        var surgeon: String?
    }

    @Sendable
    func list(req: Request) async throws -> Response {
        guard let signedIn = req.signedIn else { return req.redirectToSignIn(req.preferredLocale) }
        let cases = try await req.application.inquiries.cases(for: signedIn.accessActor, on: req.db)
        return Response.html(AdminCasesPage(chrome: chrome(req, signedIn), cases: cases, timeZone: signedIn.timeZone))
    }

    @Sendable
    func show(req: Request) async throws -> Response {
        guard let signedIn = req.signedIn else { return req.redirectToSignIn(req.preferredLocale) }
        let patientCase = try await req.application.inquiries.openCase(try caseID(req), by: signedIn.accessActor, origin: req.auditOrigin, on: req.db)
        return Response.html(try await page(req, signedIn, patientCase, notice: req.takeFlash().map { (.success, $0) }))
    }

    @Sendable
    func reassign(req: Request) async throws -> Response {
        guard let signedIn = req.signedIn else { return req.redirectToSignIn(req.preferredLocale) }
        let id = try caseID(req)
        let form = (try? req.content.decode(ReassignForm.self)) ?? ReassignForm()
        let t = req.localizer(signedIn.user.siteLocale)
        guard let surgeon = form.surgeon.flatMap(UUID.init(uuidString:)) else { throw Abort(.badRequest) }
        do {
            try await req.application.inquiries.reassign(id, to: surgeon, expectedVersion: form.version ?? -1, by: signedIn.accessActor,
                                                         origin: req.auditOrigin, on: req.db)
        } catch is TriageConflict {
            let patientCase = try await req.application.inquiries.openCase(id, by: signedIn.accessActor, origin: req.auditOrigin, on: req.db)
            return Response.html(try await page(req, signedIn, patientCase,
                                                notice: (.warning, t.t("Someone else changed this case while you were working on it. Check it as it is now, then try again."))),
                                 status: .conflict)
        }
        req.setFlash(t.t("The case has a new surgeon."))
        return req.seeOther("/admin/cases/\(id.uuidString.lowercased())")
    }

    private func page(_ req: Request, _ signedIn: SignedIn, _ patientCase: CaseRecord, notice: (kind: Alert.Kind, message: String)?) async throws -> AdminCasePage {
        let surgeons = try await req.application.accounts.surgeons(on: req.db)
        let patient = try await UserRecord.find(patientCase.patientID, on: req.db)
        func name(_ user: UserRecord) -> String { [user.firstName, user.lastName].filter { !$0.isEmpty }.joined(separator: " ") }
        return AdminCasePage(
            chrome: chrome(req, signedIn), csrfToken: req.csrfToken(), patientCase: patientCase, patientName: patient.map(name) ?? "",
            surgeonName: surgeons.first { $0.id == patientCase.surgeonID }.map(name),
            surgeons: surgeons.compactMap { user in user.id.map { ($0.uuidString.lowercased(), name(user)) } }, notice: notice,
            timeZone: signedIn.timeZone)
    }

    private func caseID(_ req: Request) throws -> UUID {
        guard let id = req.parameters.get("case").flatMap(UUID.init(uuidString:)) else { throw Abort(.notFound) }
        return id
    }

    private func chrome(_ req: Request, _ signedIn: SignedIn) -> PageChrome {
        PageChrome(localizer: req.localizer(signedIn.user.siteLocale), context: req.webContext, alternates: [:], indexable: false)
    }
}
