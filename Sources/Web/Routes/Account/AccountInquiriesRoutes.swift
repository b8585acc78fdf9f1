import Accounts
import Core
import Foundation
import HTTPSupport
import Portal
import Vapor

/// `/{locale}/account/inquiries`: a patient's inquiries, and each one as they sent it (audited).
struct AccountInquiriesRoutes: Sendable {
    @Sendable
    func list(req: Request) async throws -> Response {
        let locale = try req.requireLocaleParameter()
        guard let signedIn = req.signedIn else { return req.redirectToSignIn(locale) }
        let inquiries = try await req.application.inquiries.inquiries(of: signedIn.userID, by: signedIn.accessActor,
                                                                      origin: req.auditOrigin, on: req.db)
        let cases = try await req.application.inquiries.cases(for: signedIn.accessActor, on: req.db)
        return Response.html(AccountInquiriesPage(chrome: req.chrome(locale, path: "account/inquiries", indexable: false),
                                                  inquiries: inquiries, cases: cases, timeZone: signedIn.timeZone, notice: req.takeFlash()))
    }

    @Sendable
    func show(req: Request) async throws -> Response {
        let locale = try req.requireLocaleParameter()
        guard let signedIn = req.signedIn else { return req.redirectToSignIn(locale) }
        guard let id = req.parameters.get("inquiry").flatMap(UUID.init(uuidString:)) else { throw Abort(.notFound) }
        let opened: Inquiries.Opened
        do {
            opened = try await req.application.inquiries.open(id, by: signedIn.accessActor, origin: req.auditOrigin, on: req.db)
        } catch is AccessDenied {
            // Someone else's inquiry looks like none at all.
            throw Abort(.notFound)
        }
        let messages = try await req.application.inquiries.thread(of: opened, by: signedIn.accessActor, on: req.db)
        return Response.html(AccountInquiryPage(chrome: req.chrome(locale, path: "account/inquiries", indexable: false),
                                                opened: opened, messages: messages, timeZone: signedIn.timeZone))
    }
}
