import Accounts
import Core
import Foundation
import HTTPSupport
import Markup
import Media
import Portal
import Vapor

/// `/{locale}/inquiry`: the form every "Plan your treatment" button leads to, never cached (each
/// visitor gets their own tokens). It posts as one streamed multipart form, files included, and
/// works without JavaScript; with it, files go ahead one by one through `/{locale}/uploads` under
/// the same form token. The token is the form instance: it times the visit, keys the uploads,
/// and is the idempotency key, so a double press stores one inquiry.
public struct InquiryRoutes: RouteCollection, Sendable {
    public init() {}

    public func boot(routes: any RoutesBuilder) throws {
        routes.get(":locale", "inquiry", use: form)
        routes.on(.POST, ":locale", "inquiry", body: .stream, use: submit).checksCSRFItself = true
        routes.get(":locale", "inquiry", "sent", use: sent)
        let claim = InquiryClaimRoutes()
        routes.get(":locale", "inquiry", "account", use: claim.form)
        routes.post(":locale", "inquiry", "account", use: claim.submit)
    }

    @Sendable
    func form(req: Request) async throws -> Response {
        let locale = try req.requireLocaleParameter()
        var values = InquiryForm()
        values.language = locale.rawValue
        let token = req.formTokens.issue()
        return try await page(req, locale, token: token, values: values)
    }

    @Sendable
    func submit(req: Request) async throws -> Response {
        let locale = try req.requireLocaleParameter()
        let t = req.localizer(locale)
        let instance = FormInstance(tokens: req.formTokens)
        let (fields, received) = try await req.receiveUploads(sender: { fields in
            .visitor(formKey: instance.resolve(fields[UploadRoutes.formTokenField] ?? ""))
        })
        let values = InquiryForm(fields: fields)
        let refusals = received.refused.map { "\($0.name): \(t.t($0.refusal.message))" }
        if !(fields[InquiryPage.honeypotField] ?? "").isEmpty {
            // A robot filled in the field people cannot see: it is told what a person would be, and nothing is kept.
            req.logger.info("inquiry honeypot filled", metadata: ["network": .string(Accounts.networkKey(req.clientAddress?.description))])
            return req.seeOther("/\(locale.rawValue)/inquiry/sent")
        }
        guard let shown = instance.shown, !instance.wasReissued else {
            // Open longer than its token lives (WCAG 2.2.1): a new token, everything typed kept.
            return try await page(req, locale, token: instance.token, values: values, refusals: refusals,
                                  banner: (.warning, t.t("This form was open for a long time, so we renewed it. Everything you entered is still here: check it and press Send again.")),
                                  status: .unprocessableEntity)
        }
        do {
            let submission = try await req.application.inquiries.submit(
                values, key: .form(formKey: shown.formKey), consentVersion: fields["consent_version"] ?? "", locale: locale,
                shownAt: shown.issuedAt, network: Accounts.networkKey(req.clientAddress?.description),
                by: req.signedIn?.accessActor ?? .anonymous, origin: req.auditOrigin, on: req.db)
            req.setFlash(t.t("We have received your inquiry {reference}.", ["reference": submission.inquiry.reference]))
            return req.seeOther("/\(locale.rawValue)/inquiry/sent")
        } catch InquiryError.invalid(let failure) {
            return try await page(req, locale, token: instance.token, values: values, errors: failure.fields.mapValues { t.t($0) },
                                  refusals: refusals, status: .unprocessableEntity)
        } catch InquiryError.tooFast {
            return try await page(req, locale, token: instance.token, values: values, refusals: refusals,
                                  banner: (.warning, t.t(InquiryError.tooFast.messageKey)), status: .unprocessableEntity)
        }
    }

    @Sendable
    func sent(req: Request) throws -> Response {
        let locale = try req.requireLocaleParameter()
        let t = req.localizer(locale)
        let signedIn = req.signedIn != nil
        return Response.html(AccountFormPage(
            chrome: req.chrome(locale, path: "inquiry/sent", indexable: false),
            title: t.t("Thank you for your inquiry"),
            paragraphs: [
                signedIn
                    ? t.t("A patient coordinator will read it and answer you in your account, in the language you chose. We have sent you an e-mail to confirm it.")
                    : t.t("A patient coordinator will read it and answer you in the language you chose. We have sent you an e-mail with a link to create your account, where you will read our answer and can send more files."),
                t.t("The e-mail does not repeat anything you told us about your health. If it has not arrived in a few minutes, look in your spam folder."),
            ],
            notice: req.takeFlash().map { (.success, $0) },
            links: signedIn ? [.init(t.t("Your inquiries"), SafeURL.path(locale.rawValue, "account", "inquiries"))]
                : [.init(t.t("Back to the home page"), SafeURL.path(locale.rawValue))]
        ))
    }

    private func page(_ req: Request, _ locale: SiteLocale, token: String, values: InquiryForm, errors: [String: String] = [:],
                      refusals: [String] = [], banner: (kind: Alert.Kind, message: String)? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let inquiries = req.application.inquiries
        var pending: [UploadRecord] = []
        if let formKey = req.formTokens.formKey(of: token) { pending = try await inquiries.uploads.pending(formKey: formKey, on: req.db) }
        let response = Response.html(InquiryPage(
            chrome: req.chrome(locale, path: "inquiry"), csrfToken: req.csrfToken(), formToken: token,
            consentVersion: inquiries.notice.version, notice: inquiries.notice.text(in: locale), values: values, errors: errors,
            pending: pending, refusals: refusals, banner: banner
        ), status: status)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}

extension Request {
    var formTokens: FormToken { FormToken(keyring: webContext.configuration.secretKeys) }
}

/// The form instance a post belongs to, read once from its token: the token's own when it is
/// ours and current, else a new one, under which the files of this post are kept, so a form
/// shown again after a long pause keeps them too.
final class FormInstance: @unchecked Sendable {
    private let tokens: FormToken
    private let lock = NSLock()
    private var resolved: (token: String, reading: FormToken.Reading, reissued: Bool)?

    init(tokens: FormToken) {
        self.tokens = tokens
    }

    func resolve(_ sent: String) -> String {
        lock.lock()
        defer { lock.unlock() }
        if let resolved { return resolved.reading.formKey }
        if let reading = tokens.read(sent), !reading.hasExpired(now: Date()) {
            resolved = (sent, reading, false)
        } else {
            let token = tokens.issue()
            resolved = (token, tokens.read(token)!, true)
        }
        return resolved!.reading.formKey
    }

    var token: String { lock.withLock { resolved?.token ?? "" } }
    var shown: FormToken.Reading? { lock.withLock { resolved?.reading } }
    var wasReissued: Bool { lock.withLock { resolved?.reissued ?? true } }
}
