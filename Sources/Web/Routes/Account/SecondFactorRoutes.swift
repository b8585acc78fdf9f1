import Accounts
import Core
import HTTPSupport
import Markup
import Vapor

/// The second step of signing in, and turning two-step sign-in on and off.
struct SecondFactorRoutes: Sendable {
    @Sendable
    func codeForm(req: Request) throws -> Response {
        let locale = try req.requireLocaleParameter()
        guard PendingSignIn.load(from: req.existingWebSession) != nil else { return req.seeOther("/\(locale.rawValue)/account/sign-in") }
        return Response.html(codePage(req, locale, error: nil))
    }

    @Sendable
    func submitCode(req: Request) async throws -> Response {
        let locale = try req.requireLocaleParameter()
        guard let pending = PendingSignIn.load(from: req.existingWebSession) else { return req.seeOther("/\(locale.rawValue)/account/sign-in") }
        let code = try req.accountForm().code ?? ""
        let completed: SignedIn?
        do {
            completed = try await req.application.accounts.completeSignIn(userID: pending.userID, code: code,
                                                                         origin: req.auditOrigin, on: req.db)
        } catch AccountError.tooManyAttempts(let seconds) {
            // Too many wrong codes: this sign-in is over, and the next starts with the password.
            // Answered here rather than thrown, so the session keeps the change.
            req.webSession()[PendingSignIn.key] = nil
            let t = req.localizer(locale)
            let response = Response.html(codePage(req, locale, error: t.t("You have tried too often. Please wait a moment and try again.")),
                                         status: .tooManyRequests)
            response.headers.replaceOrAdd(name: .retryAfter, value: String(seconds))
            return response
        }
        guard let signedIn = completed else {
            let t = req.localizer(locale)
            return Response.html(codePage(req, locale, error: t.t("That code is not right. Enter the six digits your app shows now.")),
                                 status: .unauthorized)
        }
        req.webSession()[PendingSignIn.key] = nil
        req.beginSignedInSession(signedIn)
        return req.seeOther(SafeNext.path(pending.next, locale: locale))
    }

    private func codePage(_ req: Request, _ locale: SiteLocale, error: String?) -> AccountFormPage {
        let t = req.localizer(locale)
        return AccountFormPage(
            chrome: req.chrome(locale, path: "account/sign-in", indexable: false),
            title: t.t("Enter your code"),
            paragraphs: [t.t("Open your authenticator app and enter the six-digit code it shows for Hills Clinic. No phone at hand? Enter one of your recovery codes.")],
            form: .init(
                action: SafeURL.path(locale.rawValue, "account", "sign-in", "code"),
                csrfToken: req.csrfToken(),
                fields: [FormField(name: "code", label: t.t("Code"), control: .oneTimeCode, error: error, isRequired: true)],
                errors: error.map { ["code": $0] } ?? [:],
                submitLabel: t.t("Sign in")
            ),
            links: [.init(t.t("Start again"), SafeURL.path(locale.rawValue, "account", "sign-in"))]
        )
    }

    @Sendable
    func settings(req: Request) async throws -> Response {
        let locale = try req.requireLocaleParameter()
        guard let signedIn = req.signedIn else { return req.redirectToSignIn(locale) }
        return Response.html(try await settingsPage(req, locale, signedIn, errors: [:], restart: true))
    }

    /// - Parameter restart: a new enrolment key (the page opened anew) rather than the one waiting.
    private func settingsPage(_ req: Request, _ locale: SiteLocale, _ signedIn: SignedIn, errors: [String: String],
                              restart: Bool = false) async throws -> AccountFormPage {
        let t = req.localizer(locale)
        let accounts = req.application.accounts
        let chrome = req.chrome(locale, path: "account/two-factor", indexable: false)
        let fields = [
            FormField(name: "password", label: t.t("Your password"), control: .password(autocomplete: "current-password"),
                      error: errors["password"], isRequired: true),
            FormField(name: "code", label: t.t("Code"), control: .oneTimeCode, error: errors["code"], isRequired: true),
        ]
        if try await accounts.hasTwoFactor(signedIn.userID, on: req.db) {
            return AccountFormPage(
                chrome: chrome, title: t.t("Two-step sign-in"),
                notice: (.success, t.t("Two-step sign-in is on. Signing in needs your password and a code from your app.")),
                form: .init(action: SafeURL.path(locale.rawValue, "account", "two-factor", "disable"), csrfToken: req.csrfToken(),
                            fields: fields, errors: errors, submitLabel: t.t("Turn off two-step sign-in")),
                links: [.init(t.t("Your account"), SafeURL.path(locale.rawValue, "account", trailingSlash: true))]
            )
        }
        let enrolment = try await accounts.beginTOTPEnrolment(for: signedIn.user, restart: restart, on: req.db)
        var extra: [any Node] = []
        if let qr = QRCode(enrolment.uri, label: t.t("QR code for your authenticator app")) { extra.append(qr) }
        extra.append(p { t.t("Can't scan it? Enter this key in the app instead:") })
        extra.append(p(.dir("ltr"), .class("font-mono text-lg break-all text-start"), .data("totp-secret", "")) { enrolment.secret })
        return AccountFormPage(
            chrome: chrome, title: t.t("Two-step sign-in"),
            paragraphs: [
                t.t("With two-step sign-in, a stolen password alone does not open your account: signing in also needs a code from an app on your phone."),
                t.t("Scan the QR code with an authenticator app (for example Google Authenticator, Microsoft Authenticator or FreeOTP), then enter your password and the code the app shows."),
            ],
            extra: extra,
            form: .init(action: SafeURL.path(locale.rawValue, "account", "two-factor", "enable"), csrfToken: req.csrfToken(),
                        fields: fields, errors: errors, submitLabel: t.t("Turn on two-step sign-in"))
        )
    }

    @Sendable
    func enable(req: Request) async throws -> Response {
        let locale = try req.requireLocaleParameter()
        guard let signedIn = req.signedIn else { return req.redirectToSignIn(locale) }
        let values = try req.accountForm()
        let t = req.localizer(locale)
        let codes: [String]
        do {
            codes = try await req.application.accounts.confirmTOTP(for: signedIn.user, password: values.password ?? "", code: values.code ?? "",
                                                                  session: signedIn.session.id,
                                                                  origin: req.auditOrigin, on: req.db)
        } catch AccountError.invalid(let failure) {
            return Response.html(try await settingsPage(req, locale, signedIn, errors: failure.fields.mapValues { t.t($0) }),
                                 status: .unprocessableEntity)
        }
        // A privilege change: the session id moves on.
        req.webSession().rotate()
        return Response.html(AccountFormPage(
            chrome: req.chrome(locale, path: "account/two-factor", indexable: false),
            title: t.t("Save your recovery codes"),
            paragraphs: [t.t("If you lose your phone, each of these codes signs you in once instead of the app. Keep them somewhere safe, such as a password manager or on paper. They are shown only now.")],
            notice: (.success, t.t("Two-step sign-in is on.")),
            extra: [ul(.class("grid grid-cols-2 gap-2 font-mono text-lg"), .dir("ltr"), .data("recovery-codes", "")) {
                for code in codes { li { code } }
            }],
            links: [.init(t.t("Your account"), SafeURL.path(locale.rawValue, "account", trailingSlash: true))]
        ))
    }

    @Sendable
    func disable(req: Request) async throws -> Response {
        let locale = try req.requireLocaleParameter()
        guard let signedIn = req.signedIn else { return req.redirectToSignIn(locale) }
        let values = try req.accountForm()
        let t = req.localizer(locale)
        do {
            try await req.application.accounts.disableTOTP(for: signedIn.user, password: values.password ?? "", code: values.code ?? "",
                                                          origin: req.auditOrigin, on: req.db)
        } catch AccountError.invalid(let failure) {
            return Response.html(try await settingsPage(req, locale, signedIn, errors: failure.fields.mapValues { t.t($0) }),
                                 status: .unprocessableEntity)
        }
        req.setFlash(t.t("Two-step sign-in is off."))
        return req.seeOther("/\(locale.rawValue)/account/")
    }
}
