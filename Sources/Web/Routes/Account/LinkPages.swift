import Core
import Markup
import Vapor

/// The pages a link in one of our messages opens.
enum LinkPages {
    /// The link's token, from its query string.
    static func token(_ req: Request) -> String {
        (try? req.query.get(String.self, at: "token")) ?? ""
    }

    /// The page a confirmation link opens: one button that uses the link's token, or the "link no
    /// longer works" page when `isLive` says the token is spent or expired. The link itself changes
    /// nothing, so a mail scanner that fetches it cannot use the token up on the person's behalf.
    /// `title`, `paragraph` and `submitLabel` are msgids; `path` is where the button posts.
    static func confirmation(_ req: Request, path: [String], title: String, paragraph: String, submitLabel: String,
                             isLive: (String) async throws -> Bool) async throws -> Response {
        let locale = try req.requireLocaleParameter()
        let token = Self.token(req)
        guard try await isLive(token) else { return Response.html(invalid(req, locale), status: .gone) }
        let t = req.localizer(locale)
        return Response.html(AccountFormPage(
            chrome: req.chrome(locale, path: path.joined(separator: "/"), indexable: false),
            title: t.t(title),
            paragraphs: [t.t(paragraph)],
            form: .init(action: SafeURL.path(segments: [locale.rawValue] + path), csrfToken: req.csrfToken(),
                        hidden: [("token", token)], fields: [], submitLabel: t.t(submitLabel))
        ))
    }

    /// A verification or reset link that no longer works, with the way to a new one.
    static func invalid(_ req: Request, _ locale: SiteLocale) -> AccountFormPage {
        let t = req.localizer(locale)
        return AccountFormPage(
            chrome: req.chrome(locale, path: "account/sign-in", indexable: false),
            title: t.t("This link no longer works"),
            paragraphs: [
                t.t("Links in our messages work once, for a limited time, and stop working when the password is changed."),
                t.t("Sign in to get a new confirmation link, or ask for a new password reset link."),
            ],
            links: [
                .init(t.t("Sign in"), SafeURL.path(locale.rawValue, "account", "sign-in")),
                .init(t.t("Forgot your password?"), SafeURL.path(locale.rawValue, "account", "password", "forgot")),
            ]
        )
    }
}
