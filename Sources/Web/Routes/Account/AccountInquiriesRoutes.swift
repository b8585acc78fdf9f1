import Accounts
import Core
import Foundation
import HTTPSupport
import Markup
import Media
import Portal
import Vapor

/// `/{locale}/account/inquiries`: a patient's inquiries, and each one as they sent it (audited),
/// with its thread; while it is open the patient writes to the clinic and adds files there, as
/// one streamed multipart post whose form token keys its files and makes a double press one message.
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
        let id = try Self.inquiryID(req)
        let banner = req.takeFlash().map { (kind: Alert.Kind.success, message: $0) }
        return try await page(req, locale, signedIn, id, token: req.formTokens.issue(), banner: banner)
    }

    @Sendable
    func write(req: Request) async throws -> Response {
        let locale = try req.requireLocaleParameter()
        guard let signedIn = req.signedIn else { return req.redirectToSignIn(locale) }
        let id = try Self.inquiryID(req)
        let t = req.localizer(locale)
        let instance = FormInstance(tokens: req.formTokens)
        let (fields, received) = try await req.receiveUploads(sender: { fields in
            .visitor(formKey: instance.resolve(fields[UploadRoutes.formTokenField] ?? ""))
        })
        let body = fields["body"] ?? ""
        let refusals = received.refused.map { "\($0.name): \(t.t($0.refusal.message))" }
        guard let shown = instance.shown, !instance.wasReissued else {
            return try await page(req, locale, signedIn, id, token: instance.token, body: body, refusals: refusals,
                                  banner: (.warning, t.t("This page was open for a long time, so we renewed the form. What you wrote is still here: press Send again.")),
                                  status: .unprocessableEntity)
        }
        do {
            try await req.application.inquiries.write(body, formKey: shown.formKey, to: id, by: signedIn.accessActor,
                                                      origin: req.auditOrigin, on: req.db)
        } catch InquiryError.invalid(let failure) {
            return try await page(req, locale, signedIn, id, token: instance.token, body: body, error: failure.fields["body"].map { t.t($0) },
                                  refusals: refusals, status: .unprocessableEntity)
        } catch is AccessDenied {
            throw Abort(.notFound)
        }
        if !refusals.isEmpty {
            // What was written is sent; the files that were refused are said so, on a fresh form.
            return try await page(req, locale, signedIn, id, token: req.formTokens.issue(), refusals: refusals,
                                  banner: (.success, t.t("Your message has been sent to the clinic.")), status: .unprocessableEntity)
        }
        req.setFlash(t.t("Your message has been sent to the clinic."))
        return req.seeOther("/\(locale.rawValue)/account/inquiries/\(id.uuidString.lowercased())#inquiry-replies")
    }

    private static func inquiryID(_ req: Request) throws -> UUID {
        guard let id = req.parameters.get("inquiry").flatMap(UUID.init(uuidString:)) else { throw Abort(.notFound) }
        return id
    }

    private func page(_ req: Request, _ locale: SiteLocale, _ signedIn: SignedIn, _ id: UUID, token: String, body: String = "",
                      error: String? = nil, refusals: [String] = [], banner: (kind: Alert.Kind, message: String)? = nil,
                      status: HTTPResponseStatus = .ok) async throws -> Response {
        let inquiries = req.application.inquiries
        let opened: Inquiries.Opened
        do {
            opened = try await inquiries.open(id, by: signedIn.accessActor, origin: req.auditOrigin, on: req.db)
        } catch is AccessDenied {
            // Someone else's inquiry looks like none at all.
            throw Abort(.notFound)
        }
        let messages = try await inquiries.thread(of: opened, by: signedIn.accessActor, on: req.db)
        var writing = AccountInquiryPage.Writing(csrfToken: req.csrfToken(), formToken: token)
        writing.body = body
        writing.error = error
        writing.refusals = refusals
        if let formKey = req.formTokens.formKey(of: token) { writing.pending = try await inquiries.uploads.pending(formKey: formKey, on: req.db) }
        let response = Response.html(AccountInquiryPage(chrome: req.chrome(locale, path: "account/inquiries", indexable: false),
                                                        opened: opened, messages: messages, timeZone: signedIn.timeZone,
                                                        writing: writing, banner: banner), status: status)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}
