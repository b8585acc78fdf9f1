import Accounts
import Content
import Core
import Foundation
import HTTPSupport
import Vapor

/// `/admin/pages/:page/preview[?revision=ID]`: a draft as visitors would see it once published,
/// for editors, translators and reviewing surgeons after a second factor (the domain asks
/// `authorize`). Never cached, never indexed, in the page's own language and direction.
public struct AdminPagePreviewRoutes: RouteCollection, Sendable {
    public init() {}

    public func boot(routes: any RoutesBuilder) throws {
        routes.grouped("admin", "pages").get(":page", "preview", use: preview)
    }

    @Sendable
    func preview(req: Request) async throws -> Response {
        guard let signedIn = req.signedIn else { return req.redirectToSignIn(req.preferredLocale) }
        guard let pageID = req.parameters.get("page").flatMap(UUID.init(uuidString:)) else { throw Abort(.notFound) }
        let revision = try? req.query.get(String.self, at: "revision")
        let live = try await req.application.pages.preview(pageID, revision: revision.flatMap(UUID.init(uuidString:)), by: signedIn.accessActor,
                                                           origin: req.auditOrigin, on: req.db)
        let chrome = PageChrome(localizer: req.localizer(live.page.locale), context: req.webContext, alternates: [:], indexable: false)
        return Response.html(ContentPageView(live, chrome: chrome))
    }
}
