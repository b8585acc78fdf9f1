import Accounts
import Core
import Markup
import Vapor

/// Signing in and out.
struct SignInRoutes: Sendable {
    @Sendable
    func form(req: Request) throws -> Response {
        let locale = try req.requireLocaleParameter()
        let next = SafeNext.path(try? req.query.get(String.self, at: "next"), locale: locale)
        if req.signedIn != nil { return req.seeOther(next) }
        let notice = req.takeFlash().map { (kind: Alert.Kind.success, message: $0) }
        return Response.html(page(req, locale, email: "", next: next, notice: notice))
    }

    @Sendable
    func submit(req: Request) async throws -> Response {
        let locale = try req.requireLocaleParameter()
        let values = try req.accountForm()
        let next = SafeNext.path(values.next, locale: locale)
        let t = req.localizer(locale)
        let result = try await req.application.accounts.signIn(email: values.email ?? "", password: values.password ?? "",
                                                              origin: req.auditOrigin, on: req.db)
        switch result {
        case .signedIn(let signedIn):
            req.beginSignedInSession(signedIn)
            return req.seeOther(next)
        case .emailNotVerified:
            return Response.html(page(req, locale, email: values.email ?? "", next: next, notice: (
                .warning, t.t("Please confirm your e-mail address first. We have sent you a new link; it can take a few minutes to arrive.")
            )), status: .forbidden)
        case .failed:
            return Response.html(page(req, locale, email: values.email ?? "", next: next, notice: (
                .error, t.t("The e-mail address or the password is not right. Check both and try again.")
            )), status: .unauthorized)
        }
    }

    @Sendable
    func signOut(req: Request) async throws -> Response {
        let locale = try req.requireLocaleParameter()
        if let signedIn = req.signedIn {
            try await req.application.accounts.signOut(signedIn, origin: req.auditOrigin, on: req.db)
        }
        req.existingWebSession?.invalidate()
        return req.seeOther("/\(locale.rawValue)/")
    }

    private func page(_ req: Request, _ locale: SiteLocale, email: String, next: String,
                      notice: (kind: Alert.Kind, message: String)?) -> AccountFormPage {
        let t = req.localizer(locale)
        return AccountFormPage(
            chrome: req.chrome(locale, path: "account/sign-in", indexable: false),
            title: t.t("Sign in"),
            notice: notice,
            form: .init(
                action: SafeURL.path(locale.rawValue, "account", "sign-in"),
                csrfToken: req.csrfToken(),
                hidden: [("next", next)],
                fields: [
                    FormField(name: "email", label: t.t("Email address"), control: .email, value: email, isRequired: true),
                    FormField(name: "password", label: t.t("Password"), control: .password(autocomplete: "current-password"), isRequired: true),
                ],
                submitLabel: t.t("Sign in")
            ),
            links: [
                .init(t.t("Forgot your password?"), SafeURL.path(locale.rawValue, "account", "password", "forgot")),
                .init(t.t("Create an account"), SafeURL.path(locale.rawValue, "account", "sign-up")),
            ]
        )
    }
}
