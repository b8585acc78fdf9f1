import Accounts
import Core
import HTTPSupport
import Vapor

/// The account's own page and ending its sessions: one, one app's, or all but this one.
struct AccountOverviewRoutes: Sendable {
    @Sendable
    func show(req: Request) async throws -> Response {
        let locale = try req.requireLocaleParameter()
        guard let signedIn = req.signedIn else { return req.redirectToSignIn(locale) }
        let accounts = req.application.accounts
        let sessions = try await accounts.sessions.live(of: signedIn.userID, on: req.db)
        let apps = try await accounts.liveTokenFamilies(of: signedIn.userID, on: req.db)
        return Response.html(AccountOverviewPage(
            chrome: req.chrome(locale, path: "account/", indexable: false),
            user: signedIn.user, current: signedIn.session.id, sessions: sessions, apps: apps,
            csrfToken: req.csrfToken(), notice: req.takeFlash()
        ))
    }

    @Sendable
    func endSession(req: Request) async throws -> Response {
        let locale = try req.requireLocaleParameter()
        guard let signedIn = req.signedIn else { return req.redirectToSignIn(locale) }
        guard let id = req.parameters.get("session").flatMap(UUID.init(uuidString:)) else { throw Abort(.notFound) }
        let ended = try await req.application.accounts.sessions.end(id, of: signedIn.userID, reason: .endedByUser,
                                                                    by: signedIn.actor, origin: req.auditOrigin, on: req.db)
        guard ended else { throw Abort(.notFound) }
        if id == signedIn.session.id {
            req.existingWebSession?.invalidate()
            return req.seeOther("/\(locale.rawValue)/")
        }
        req.setFlash(req.localizer(locale).t("The session has ended. That device is signed out."))
        return req.seeOther("/\(locale.rawValue)/account/")
    }

    @Sendable
    func endApp(req: Request) async throws -> Response {
        let locale = try req.requireLocaleParameter()
        guard let signedIn = req.signedIn else { return req.redirectToSignIn(locale) }
        guard let id = req.parameters.get("family").flatMap(UUID.init(uuidString:)) else { throw Abort(.notFound) }
        guard try await req.application.accounts.endTokenFamily(id, of: signedIn.userID, by: signedIn.actor,
                                                                origin: req.auditOrigin, on: req.db) else {
            throw Abort(.notFound)
        }
        req.setFlash(req.localizer(locale).t("The session has ended. That device is signed out."))
        return req.seeOther("/\(locale.rawValue)/account/")
    }

    @Sendable
    func endOthers(req: Request) async throws -> Response {
        let locale = try req.requireLocaleParameter()
        guard let signedIn = req.signedIn else { return req.redirectToSignIn(locale) }
        try await req.application.accounts.signOutEverywhereElse(signedIn, origin: req.auditOrigin, on: req.db)
        req.setFlash(req.localizer(locale).t("You are signed out everywhere else."))
        return req.seeOther("/\(locale.rawValue)/account/")
    }
}
