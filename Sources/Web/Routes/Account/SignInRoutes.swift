import Accounts
import Core
import HTTPSupport
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
        case .needsSecondFactor(let user):
            PendingSignIn(userID: try user.requireID(), next: next, startedAt: Date()).store(in: req.webSession())
            return req.seeOther("/\(locale.rawValue)/account/sign-in/code")
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

/// A sign-in whose password was right, waiting for the second step. Kept in the server-side web
/// session for five minutes, so the code form cannot be reached without the password.
struct PendingSignIn {
    static let key = "pending_sign_in"
    static let lifetime: TimeInterval = 300

    let userID: UUID
    let next: String
    let startedAt: Date

    func store(in session: WebSession) {
        session[Self.key] = "\(userID.uuidString)|\(Int(startedAt.timeIntervalSince1970))|\(next)"
    }

    static func load(from session: WebSession?, now: Date = Date()) -> PendingSignIn? {
        guard let raw = session?[key] else { return nil }
        let parts = raw.split(separator: "|", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let id = UUID(uuidString: String(parts[0])), let seconds = Double(parts[1]) else { return nil }
        let started = Date(timeIntervalSince1970: seconds)
        guard now.timeIntervalSince(started) < lifetime else { return nil }
        return PendingSignIn(userID: id, next: String(parts[2]), startedAt: started)
    }
}
