import Accounts
import Core
import HTTPSupport
import Markup
import Vapor

/// Sign-up, the "check your mail" page, and the confirmation link from the verification mail.
struct SignUpRoutes: Sendable {
    @Sendable
    func form(req: Request) throws -> Response {
        let locale = try req.requireLocaleParameter()
        if req.signedIn != nil { return req.seeOther("/\(locale.rawValue)/account/") }
        return Response.html(page(req, locale, values: AccountForm(), errors: [:]))
    }

    @Sendable
    func submit(req: Request) async throws -> Response {
        let locale = try req.requireLocaleParameter()
        let values = try req.accountForm()
        let account = NewAccount(email: values.email ?? "", password: values.password ?? "", firstName: values.first_name ?? "",
                                 lastName: values.last_name ?? "", locale: locale, role: .patient,
                                 timeZone: values.time_zone)
        do {
            try await req.application.accounts.signUp(account, origin: req.auditOrigin, on: req.db)
        } catch AccountError.invalid(let failure) {
            let t = req.localizer(locale)
            return Response.html(page(req, locale, values: values, errors: failure.fields.mapValues { t.t($0) }),
                                 status: .unprocessableEntity)
        }
        return req.seeOther("/\(locale.rawValue)/account/check-email")
    }

    private func page(_ req: Request, _ locale: SiteLocale, values: AccountForm, errors: [String: String]) -> AccountFormPage {
        let t = req.localizer(locale)
        return AccountFormPage(
            chrome: req.chrome(locale, path: "account/sign-up", indexable: false),
            title: t.t("Create an account"),
            paragraphs: [t.t("With an account you can send us your questions and documents and follow your treatment plan.")],
            form: .init(
                action: SafeURL.path(locale.rawValue, "account", "sign-up"),
                csrfToken: req.csrfToken(),
                // enhance.js fills in the browser's time zone; without it the account starts in UTC.
                hidden: [(name: "time_zone", value: values.time_zone ?? "")],
                fields: [
                    FormField(name: "first_name", label: t.t("First name"), control: .text(autocomplete: "given-name"),
                              value: values.first_name ?? "", error: errors["first_name"], isRequired: true),
                    FormField(name: "last_name", label: t.t("Last name"), control: .text(autocomplete: "family-name"),
                              value: values.last_name ?? "", error: errors["last_name"]),
                    FormField(name: "email", label: t.t("Email address"), control: .email, value: values.email ?? "",
                              error: errors["email"], isRequired: true),
                    FormField(name: "password", label: t.t("Password"), control: .password(autocomplete: "new-password"),
                              hint: t.t("At least 12 characters. A few unrelated words are easy to remember and hard to guess."),
                              error: errors["password"], isRequired: true),
                ],
                errors: errors,
                submitLabel: t.t("Create account")
            ),
            links: [.init(t.t("I already have an account"), SafeURL.path(locale.rawValue, "account", "sign-in"))]
        )
    }

    /// Shown after sign-up and after a reset request, whatever happened: it never says whether
    /// the address has an account.
    @Sendable
    func checkEmail(req: Request) throws -> Response {
        let locale = try req.requireLocaleParameter()
        let t = req.localizer(locale)
        return Response.html(AccountFormPage(
            chrome: req.chrome(locale, path: "account/check-email", indexable: false),
            title: t.t("Check your e-mail"),
            paragraphs: [
                t.t("If the address you gave can receive our messages, one is on its way with a link. It can take a few minutes."),
                t.t("Nothing arrived? Look in your spam folder, or try again in a few minutes."),
            ],
            links: [.init(t.t("Sign in"), SafeURL.path(locale.rawValue, "account", "sign-in"))]
        ))
    }

    @Sendable
    func verifyForm(req: Request) async throws -> Response {
        try await LinkPages.confirmation(req, path: ["account", "verify-email"],
                                         title: msgid("Confirm your e-mail address"),
                                         paragraph: msgid("Press the button to confirm that this e-mail address is yours."),
                                         submitLabel: msgid("Confirm my e-mail address")) {
            try await req.application.accounts.checkVerificationLink($0, on: req.db)
        }
    }

    @Sendable
    func verify(req: Request) async throws -> Response {
        let locale = try req.requireLocaleParameter()
        let t = req.localizer(locale)
        do {
            try await req.application.accounts.verifyEmail(token: try req.accountForm().token ?? "", origin: req.auditOrigin, on: req.db)
        } catch AccountError.linkInvalid {
            return Response.html(LinkPages.invalid(req, locale), status: .gone)
        }
        req.setFlash(t.t("Your e-mail address is confirmed."))
        return req.seeOther(req.signedIn == nil ? "/\(locale.rawValue)/account/sign-in" : "/\(locale.rawValue)/account/")
    }
}
