import Accounts
import Core
import HTTPSupport
import Markup
import Vapor

/// "Forgot your password?": asking for a link, and choosing a new password through it.
struct PasswordResetRoutes: Sendable {
    @Sendable
    func requestForm(req: Request) throws -> Response {
        let locale = try req.requireLocaleParameter()
        return Response.html(requestPage(req, locale, email: "", error: nil))
    }

    @Sendable
    func request(req: Request) async throws -> Response {
        let locale = try req.requireLocaleParameter()
        let email = (try req.accountForm().email ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard MailAddress(address: email) != nil else {
            let t = req.localizer(locale)
            return Response.html(requestPage(req, locale, email: email, error: t.t("Enter an e-mail address like name@example.com.")),
                                 status: .unprocessableEntity)
        }
        try await req.application.accounts.requestPasswordReset(email: email, origin: req.auditOrigin, on: req.db)
        return req.seeOther("/\(locale.rawValue)/account/check-email")
    }

    private func requestPage(_ req: Request, _ locale: SiteLocale, email: String, error: String?) -> AccountFormPage {
        let t = req.localizer(locale)
        return AccountFormPage(
            chrome: req.chrome(locale, path: "account/password/forgot", indexable: false),
            title: t.t("Reset your password"),
            paragraphs: [t.t("Enter the e-mail address of your account. We will send you a link to choose a new password.")],
            form: .init(
                action: SafeURL.path(locale.rawValue, "account", "password", "forgot"),
                csrfToken: req.csrfToken(),
                fields: [FormField(name: "email", label: t.t("Email address"), control: .email, value: email, error: error, isRequired: true)],
                errors: error.map { ["email": $0] } ?? [:],
                submitLabel: t.t("Send me a link")
            ),
            links: [.init(t.t("Sign in"), SafeURL.path(locale.rawValue, "account", "sign-in"))]
        )
    }

    @Sendable
    func resetForm(req: Request) async throws -> Response {
        let locale = try req.requireLocaleParameter()
        let token = LinkPages.token(req)
        guard try await req.application.accounts.checkResetLink(token, on: req.db) else {
            return Response.html(LinkPages.invalid(req, locale), status: .gone)
        }
        return Response.html(resetPage(req, locale, token: token, error: nil))
    }

    @Sendable
    func reset(req: Request) async throws -> Response {
        let locale = try req.requireLocaleParameter()
        let values = try req.accountForm()
        let token = values.token ?? ""
        do {
            try await req.application.accounts.resetPassword(token: token, newPassword: values.password ?? "",
                                                             origin: req.auditOrigin, on: req.db)
        } catch AccountError.linkInvalid {
            return Response.html(LinkPages.invalid(req, locale), status: .gone)
        } catch AccountError.invalid(let failure) {
            let message = failure.fields["password"].map { req.localizer(locale).t($0) }
            return Response.html(resetPage(req, locale, token: token, error: message), status: .unprocessableEntity)
        }
        req.setFlash(req.localizer(locale).t("Your password has been changed. Sign in with your new password."))
        return req.seeOther("/\(locale.rawValue)/account/sign-in")
    }

    private func resetPage(_ req: Request, _ locale: SiteLocale, token: String, error: String?) -> AccountFormPage {
        let t = req.localizer(locale)
        return AccountFormPage(
            chrome: req.chrome(locale, path: "account/password/reset", indexable: false),
            title: t.t("Choose a new password"),
            paragraphs: [t.t("After the change you are signed out everywhere, and you sign in again with the new password.")],
            form: .init(
                action: SafeURL.path(locale.rawValue, "account", "password", "reset"),
                csrfToken: req.csrfToken(),
                hidden: [("token", token)],
                fields: [FormField(name: "password", label: t.t("New password"), control: .password(autocomplete: "new-password"),
                                   hint: t.t("At least 12 characters. A few unrelated words are easy to remember and hard to guess."),
                                   error: error, isRequired: true)],
                errors: error.map { ["password": $0] } ?? [:],
                submitLabel: t.t("Change password")
            )
        )
    }
}
