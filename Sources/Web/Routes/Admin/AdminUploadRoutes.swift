import Accounts
import Core
import Fluent
import HTTPSupport
import Markup
import Media
import Vapor

/// `/admin/uploads`: admins and coordinators (after a second factor, through the `upload`
/// resource of `authorize`) see what is held back and scan it again or delete it, each audited.
public struct AdminUploadRoutes: RouteCollection, Sendable {
    public init() {}

    public func boot(routes: any RoutesBuilder) throws {
        let uploads = routes.grouped("admin", "uploads")
        uploads.get(use: list)
        uploads.post(":upload", "retry", use: retry)
        uploads.post(":upload", "delete", use: delete)
    }

    @Sendable
    func list(req: Request) async throws -> Response {
        guard let signedIn = req.signedIn else { return req.redirectToSignIn(req.preferredLocale) }
        let t = req.localizer(signedIn.user.siteLocale)
        let records = try await req.application.uploadAccess.heldBack(by: signedIn.accessActor, origin: req.auditOrigin, on: req.db)
        let ownerIDs = Set(records.compactMap(\.ownerID))
        let owners = ownerIDs.isEmpty ? [] : try await UserRecord.query(on: req.db).filter(\.$id ~~ ownerIDs).all()
        let page = AdminUploadsPage(chrome: PageChrome(localizer: t, context: req.webContext, alternates: [:], indexable: false),
                                    records: records, owners: Dictionary(uniqueKeysWithValues: owners.compactMap { u in u.id.map { ($0, u) } }),
                                    csrfToken: req.csrfToken(), notice: req.takeFlash())
        return Response.html(page)
    }

    @Sendable
    func retry(req: Request) async throws -> Response {
        try await change(req, notice: msgid("The file will be scanned again.")) { signedIn, id in
            try await req.application.uploadAccess.retryScan(id, by: signedIn.accessActor, origin: req.auditOrigin, on: req.db)
        }
    }

    @Sendable
    func delete(req: Request) async throws -> Response {
        try await change(req, notice: msgid("The file has been deleted.")) { signedIn, id in
            try await req.application.uploadAccess.delete(id, by: signedIn.accessActor, origin: req.auditOrigin, on: req.db)
        }
    }

    private func change(_ req: Request, notice: String, _ body: (SignedIn, UUID) async throws -> Void) async throws -> Response {
        guard let signedIn = req.signedIn else { return req.redirectToSignIn(req.preferredLocale) }
        guard let id = req.parameters.get("upload").flatMap(UUID.init(uuidString:)) else { throw Abort(.notFound) }
        try await body(signedIn, id)
        req.setFlash(req.localizer(signedIn.user.siteLocale).t(notice))
        return req.seeOther("/admin/uploads")
    }
}
