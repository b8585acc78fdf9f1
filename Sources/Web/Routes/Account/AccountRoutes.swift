import Core
import Markup
import Vapor

/// The account pages under `/{locale}/account/`: sign-up, sign-in and out, links from mail,
/// password reset, and the account's own page with its sessions.
public struct AccountRoutes: RouteCollection, Sendable {
    public init() {}

    public func boot(routes: any RoutesBuilder) throws {
        let account = routes.grouped(":locale", "account")
        let signUp = SignUpRoutes()
        account.get("sign-up", use: signUp.form)
        account.post("sign-up", use: signUp.submit)
        account.get("check-email", use: signUp.checkEmail)
        account.get("verify-email", use: signUp.verifyForm)
        account.post("verify-email", use: signUp.verify)

        let signIn = SignInRoutes()
        account.get("sign-in", use: signIn.form)
        account.post("sign-in", use: signIn.submit)
        account.post("sign-out", use: signIn.signOut)

        let secondFactor = SecondFactorRoutes()
        account.get("sign-in", "code", use: secondFactor.codeForm)
        account.post("sign-in", "code", use: secondFactor.submitCode)
        account.get("two-factor", use: secondFactor.settings)
        account.post("two-factor", "enable", use: secondFactor.enable)
        account.post("two-factor", "disable", use: secondFactor.disable)

        let reset = PasswordResetRoutes()
        account.get("password", "forgot", use: reset.requestForm)
        account.post("password", "forgot", use: reset.request)
        account.get("password", "reset", use: reset.resetForm)
        account.post("password", "reset", use: reset.reset)

        let change = PasswordChangeRoutes()
        account.get("password", use: change.form)
        account.post("password", use: change.submit)

        let email = EmailChangeRoutes()
        account.get("email", use: email.form)
        account.post("email", use: email.submit)
        account.get("email", "confirm", use: email.confirmForm)
        account.post("email", "confirm", use: email.confirm)

        let overview = AccountOverviewRoutes()
        let zone = TimeZoneRoutes()
        account.get("time-zone", use: zone.form)
        account.post("time-zone", use: zone.submit)

        let files = AccountFilesRoutes()
        account.get("files", use: files.list)
        account.on(.POST, "files", body: .stream, use: files.send).checksCSRFItself = true
        account.get("files", ":upload", use: files.open)

        let inquiries = AccountInquiriesRoutes()
        account.get("inquiries", use: inquiries.list)
        account.get("inquiries", ":inquiry", use: inquiries.show)
        account.on(.POST, "inquiries", ":inquiry", "messages", body: .stream, use: inquiries.write).checksCSRFItself = true

        account.get(use: overview.show)
        account.post("sessions", ":session", "end", use: overview.endSession)
        account.post("sessions", "end-others", use: overview.endOthers)
        account.post("apps", ":family", "end", use: overview.endApp)
    }
}

/// The form fields of the account pages. Every field is optional so a hand-made post with
/// fields missing gets the page back with messages, not a decoding error.
struct AccountForm: Content {
    var email: String?
    var password: String?
    var first_name: String?
    var last_name: String?
    var token: String?
    var code: String?
    var current_password: String?
    var end_others: String?
    var next: String?
    var time_zone: String?
}

extension Request {
    func accountForm() throws -> AccountForm {
        (try? content.decode(AccountForm.self)) ?? AccountForm()
    }

    /// A one-time message for the next page this browser shows (kept in its session).
    func setFlash(_ message: String) {
        webSession()["flash"] = message
    }

    /// The one-time message, removed as it is read.
    func takeFlash() -> String? {
        guard let session = existingWebSession, let message = session["flash"] else { return nil }
        session["flash"] = nil
        return message
    }

    /// A 303 to `path`, so a browser that posted a form fetches the next page with GET.
    func seeOther(_ path: String) -> Response {
        redirect(to: path, redirectType: .normal)
    }

    /// Pages behind sign-in send anonymous visitors to the sign-in page, which brings them back.
    func redirectToSignIn(_ locale: SiteLocale) -> Response {
        let back = PercentEncoding.queryValue(url.path)
        return seeOther("/\(locale.rawValue)/account/sign-in?next=\(back)")
    }
}

/// Where sign-in may send the browser afterwards: only a path on this site, never another host
/// (`//evil.example`, `/\evil.example`) and never a control character.
enum SafeNext {
    static func path(_ raw: String?, locale: SiteLocale) -> String {
        let fallback = "/\(locale.rawValue)/account/"
        guard let raw, raw.hasPrefix("/"), !raw.hasPrefix("//"), !raw.hasPrefix("/\\"), raw.count <= 500,
              raw.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F && $0 != "\\" }) else {
            return fallback
        }
        return raw
    }
}
