import Accounts
import Core
import HTTPSupport
import Markup
import Portal
import Vapor

/// `/{locale}/inquiry/account`: the link in the inquiry's confirmation mail. Opening it changes
/// nothing (mail scanners open links); the button ties the inquiry to the account of its address,
/// creating one with the password chosen here when there is none.
struct InquiryClaimRoutes: Sendable {
    @Sendable
    func form(req: Request) async throws -> Response {
        let locale = try req.requireLocaleParameter()
        let token = LinkPages.token(req)
        guard let link = try await req.application.inquiries.checkClaim(token, on: req.db) else {
            return Response.html(invalidLink(req, locale), status: .gone)
        }
        return Response.html(page(req, locale, token: token, link: link, error: nil))
    }

    @Sendable
    func submit(req: Request) async throws -> Response {
        let locale = try req.requireLocaleParameter()
        let t = req.localizer(locale)
        let form = try req.accountForm()
        let token = form.token ?? ""
        do {
            _ = try await req.application.inquiries.claim(token, password: form.password ?? "", origin: req.auditOrigin, on: req.db)
        } catch InquiryError.linkInvalid {
            return Response.html(invalidLink(req, locale), status: .gone)
        } catch InquiryError.invalid(let failure) {
            guard let link = try await req.application.inquiries.checkClaim(token, on: req.db) else {
                return Response.html(invalidLink(req, locale), status: .gone)
            }
            return Response.html(page(req, locale, token: token, link: link, error: failure.fields["password"].map { t.t($0) }),
                                 status: .unprocessableEntity)
        }
        req.setFlash(t.t("Your inquiry is in your account. Sign in to read our answers and send more files."))
        return req.seeOther("/\(locale.rawValue)/account/sign-in?next=\(PercentEncoding.queryValue("/\(locale.rawValue)/account/inquiries"))")
    }

    private func page(_ req: Request, _ locale: SiteLocale, token: String, link: Inquiries.ClaimLink, error: String?) -> AccountFormPage {
        let t = req.localizer(locale)
        let action = SafeURL.path(locale.rawValue, "inquiry", "account")
        if link.hasAccount {
            return AccountFormPage(
                chrome: req.chrome(locale, path: "inquiry/account", indexable: false),
                title: t.t("Add your inquiry to your account"),
                paragraphs: [t.t("You already have an account with this e-mail address. Press the button to add inquiry {reference} to it, then sign in.",
                                 ["reference": link.reference])],
                form: .init(action: action, csrfToken: req.csrfToken(), hidden: [("token", token)], fields: [],
                            submitLabel: t.t("Add to my account"))
            )
        }
        return AccountFormPage(
            chrome: req.chrome(locale, path: "inquiry/account", indexable: false),
            title: t.t("Create your account"),
            paragraphs: [
                t.t("Choose a password for your account. In it you will read our answers to inquiry {reference} and can send more files.",
                    ["reference": link.reference]),
                t.t("You will sign in with the e-mail address you gave in the inquiry: {email}", ["email": link.email]),
            ],
            form: .init(action: action, csrfToken: req.csrfToken(), hidden: [("token", token)], fields: [
                FormField(name: "password", label: t.t("Password"), control: .password(autocomplete: "new-password"),
                          hint: t.t("At least 12 characters. A few unrelated words are easy to remember and hard to guess."),
                          error: error, isRequired: true),
            ], errors: error.map { ["password": $0] } ?? [:], submitLabel: t.t("Create account"))
        )
    }

    private func invalidLink(_ req: Request, _ locale: SiteLocale) -> AccountFormPage {
        let t = req.localizer(locale)
        return AccountFormPage(
            chrome: req.chrome(locale, path: "inquiry/account", indexable: false),
            title: t.t("This link no longer works"),
            paragraphs: [t.t("The link in our confirmation e-mail works once and for 14 days. If you already used it, sign in to see your inquiry.")],
            links: [.init(t.t("Sign in"), SafeURL.path(locale.rawValue, "account", "sign-in"))]
        )
    }
}
