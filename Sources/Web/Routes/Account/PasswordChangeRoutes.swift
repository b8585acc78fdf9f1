import Accounts
import Core
import HTTPSupport
import Markup
import Vapor

/// `/{locale}/account/password`: a new password for the signed-in account, after re-entering the
/// current one (and a code when two-step sign-in is on), with the choice to sign out elsewhere.
struct PasswordChangeRoutes: Sendable {
    @Sendable
    func form(req: Request) async throws -> Response {
        let locale = try req.requireLocaleParameter()
        guard let signedIn = req.signedIn else { return req.redirectToSignIn(locale) }
        return Response.html(try await page(req, locale, signedIn, errors: [:]))
    }

    @Sendable
    func submit(req: Request) async throws -> Response {
        let locale = try req.requireLocaleParameter()
        guard let signedIn = req.signedIn else { return req.redirectToSignIn(locale) }
        let values = try req.accountForm()
        let t = req.localizer(locale)
        let ended: Int
        do {
            ended = try await req.application.accounts.changePassword(
                for: signedIn, current: values.current_password ?? "", code: values.code, newPassword: values.password ?? "",
                endOtherSessions: values.end_others != nil, origin: req.auditOrigin, on: req.db)
        } catch AccountError.invalid(let failure) {
            return Response.html(try await page(req, locale, signedIn, errors: failure.fields.mapValues { t.t($0) }), status: .unprocessableEntity)
        }
        // A privilege-relevant change: this browser's session id moves on too.
        req.webSession().rotate()
        req.setFlash(ended > 0 ? t.t("Your password has been changed, and you are signed out everywhere else.")
                               : t.t("Your password has been changed."))
        return req.seeOther("/\(locale.rawValue)/account/")
    }

    private func page(_ req: Request, _ locale: SiteLocale, _ signedIn: SignedIn, errors: [String: String]) async throws -> AccountFormPage {
        let t = req.localizer(locale)
        var fields = [FormField(name: "current_password", label: t.t("Your password"), control: .password(autocomplete: "current-password"),
                                error: errors["current_password"], isRequired: true)]
        if try await req.application.accounts.hasTwoFactor(signedIn.userID, on: req.db) {
            fields.append(FormField(name: "code", label: t.t("Code"), control: .oneTimeCode, error: errors["code"], isRequired: true))
        }
        fields.append(FormField(name: "password", label: t.t("New password"), control: .password(autocomplete: "new-password"),
                                hint: t.t("At least 12 characters. A few unrelated words are easy to remember and hard to guess."),
                                error: errors["password"], isRequired: true))
        fields.append(FormField(name: "end_others", label: t.t("Sign out on all other devices and apps"), control: .checkbox(checked: true)))
        return AccountFormPage(
            chrome: req.chrome(locale, path: "account/password", indexable: false),
            title: t.t("Change password"),
            form: .init(action: SafeURL.path(locale.rawValue, "account", "password"), csrfToken: req.csrfToken(), fields: fields,
                        errors: errors, submitLabel: t.t("Change password")),
            links: [.init(t.t("Your account"), SafeURL.path(locale.rawValue, "account", trailingSlash: true))]
        )
    }
}
