import Accounts
import Core
import HTTPSupport
import Markup
import Media
import Vapor

/// `/{locale}/account/files`: a patient's files. The form posts as a plain streamed multipart
/// form when there is no JavaScript; with it, the upload component sends each file to
/// `/{locale}/uploads` as it is chosen. Opening a file issues a five-minute signed link after
/// `authorize` on the patient's record, so a copied link soon stops working.
struct AccountFilesRoutes: Sendable {
    @Sendable
    func list(req: Request) async throws -> Response {
        let locale = try req.requireLocaleParameter()
        guard let signedIn = req.signedIn else { return req.redirectToSignIn(locale) }
        return Response.html(try await page(req, locale, signedIn, notice: req.takeFlash()))
    }

    @Sendable
    func send(req: Request) async throws -> Response {
        let locale = try req.requireLocaleParameter()
        guard let signedIn = req.signedIn else { return req.redirectToSignIn(locale) }
        let t = req.localizer(locale)
        let (_, received) = try await req.receiveUploads(sender: { _ in .signedIn(signedIn.accessActor, userID: signedIn.userID) })
        let notice = received.accepted.isEmpty ? nil : t.t("Thank you. Your files have arrived and are being checked for viruses.")
        if received.refused.isEmpty {
            if let notice { req.setFlash(notice) }
            return req.seeOther("/\(locale.rawValue)/account/files")
        }
        let refusals = received.refused.map { "\($0.name): \(t.t($0.refusal.message))" }
        return Response.html(try await page(req, locale, signedIn, refusals: refusals, notice: notice), status: .unprocessableEntity)
    }

    @Sendable
    func open(req: Request) async throws -> Response {
        let locale = try req.requireLocaleParameter()
        guard let signedIn = req.signedIn else { return req.redirectToSignIn(locale) }
        guard let id = req.parameters.get("upload").flatMap(UUID.init(uuidString:)),
              let link = try await req.application.uploadAccess.downloadLink(id, by: signedIn.accessActor, origin: req.auditOrigin, on: req.db)
        else {
            throw Abort(.notFound)
        }
        let response = req.redirect(to: link, redirectType: .normal)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    private func page(_ req: Request, _ locale: SiteLocale, _ signedIn: SignedIn, refusals: [String] = [], notice: String?) async throws -> AccountFilesPage {
        let files = try await req.application.uploadAccess.files(of: signedIn.userID, by: signedIn.accessActor, origin: req.auditOrigin, on: req.db)
        return AccountFilesPage(chrome: req.chrome(locale, path: "account/files", indexable: false), files: files,
                                csrfToken: req.csrfToken(), refusals: refusals, notice: notice)
    }
}
