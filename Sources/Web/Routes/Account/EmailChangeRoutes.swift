import Accounts
import Core
import HTTPSupport
import Markup
import Vapor

/// `/{locale}/account/email`: a new address for the signed-in account, confirmed by a link sent
/// to it; afterwards the page offers to sign out everywhere else (`AccountOverviewRoutes.endOthers`).
struct EmailChangeRoutes: Sendable {
    @Sendable
    func form(req: Request) async throws -> Response {
        let locale = try req.requireLocaleParameter()
        guard let signedIn = req.signedIn else { return req.redirectToSignIn(locale) }
        return Response.html(try await page(req, locale, signedIn, email: "", errors: [:]))
    }

    @Sendable
    func submit(req: Request) async throws -> Response {
        let locale = try req.requireLocaleParameter()
        guard let signedIn = req.signedIn else { return req.redirectToSignIn(locale) }
        let values = try req.accountForm()
        do {
            try await req.application.accounts.requestEmailChange(for: signedIn, password: values.current_password ?? "", code: values.code,
                                                                 newEmail: values.email ?? "", origin: req.auditOrigin, on: req.db)
        } catch AccountError.invalid(let failure) {
            let t = req.localizer(locale)
            return Response.html(try await page(req, locale, signedIn, email: values.email ?? "", errors: failure.fields.mapValues { t.t($0) }),
                                 status: .unprocessableEntity)
        }
        // The same words whether or not a link went out: an address with an account is not revealed.
        req.setFlash(req.localizer(locale).t("If the new address can receive our messages, a link to confirm it is on its way. Your address changes when you open it."))
        return req.seeOther("/\(locale.rawValue)/account/")
    }

    private func page(_ req: Request, _ locale: SiteLocale, _ signedIn: SignedIn, email: String, errors: [String: String]) async throws -> AccountFormPage {
        let t = req.localizer(locale)
        var fields = [FormField(name: "email", label: t.t("New e-mail address"), control: .email, value: email, error: errors["email"], isRequired: true),
                      FormField(name: "current_password", label: t.t("Your password"), control: .password(autocomplete: "current-password"),
                                error: errors["current_password"], isRequired: true)]
        if try await req.application.accounts.hasTwoFactor(signedIn.userID, on: req.db) {
            fields.append(FormField(name: "code", label: t.t("Code"), control: .oneTimeCode, error: errors["code"], isRequired: true))
        }
        return AccountFormPage(
            chrome: req.chrome(locale, path: "account/email", indexable: false),
            title: t.t("Change e-mail address"),
            paragraphs: [t.t("We send a link to the new address. Your address changes when you open it; until then, messages go to the current one.")],
            form: .init(action: SafeURL.path(locale.rawValue, "account", "email"), csrfToken: req.csrfToken(), fields: fields,
                        errors: errors, submitLabel: t.t("Send the link")),
            links: [.init(t.t("Your account"), SafeURL.path(locale.rawValue, "account", trailingSlash: true))]
        )
    }

    @Sendable
    func confirmForm(req: Request) async throws -> Response {
        try await LinkPages.confirmation(req, path: ["account", "email", "confirm"],
                                         title: msgid("Confirm your new e-mail address"),
                                         paragraph: msgid("Press the button to make this the e-mail address of your account."),
                                         submitLabel: msgid("Confirm my new address")) {
            try await req.application.accounts.checkEmailChangeLink($0, on: req.db)
        }
    }

    @Sendable
    func confirm(req: Request) async throws -> Response {
        let locale = try req.requireLocaleParameter()
        let t = req.localizer(locale)
        let changed: UserRecord
        do {
            changed = try await req.application.accounts.confirmEmailChange(token: try req.accountForm().token ?? "", origin: req.auditOrigin,
                                                                            on: req.db)
        } catch AccountError.linkInvalid, AccountError.emailTaken {
            return Response.html(LinkPages.invalid(req, locale), status: .gone)
        }
        // The offer to end other sessions only makes sense in a browser signed in to this account.
        guard let signedIn = req.signedIn, signedIn.userID == changed.id else {
            req.setFlash(t.t("Your e-mail address has been changed. Sign in with the new address."))
            return req.seeOther("/\(locale.rawValue)/account/sign-in")
        }
        return Response.html(AccountFormPage(
            chrome: req.chrome(locale, path: "account/email/confirm", indexable: false),
            title: t.t("Your e-mail address has been changed."),
            paragraphs: [t.t("If you are signed in on devices you no longer use, or are not sure, sign out everywhere else.")],
            form: .init(action: SafeURL.path(locale.rawValue, "account", "sessions", "end-others"), csrfToken: req.csrfToken(),
                        fields: [], submitLabel: t.t("Sign out on all other devices and apps")),
            links: [.init(t.t("Your account"), SafeURL.path(locale.rawValue, "account", trailingSlash: true))]
        ))
    }
}
