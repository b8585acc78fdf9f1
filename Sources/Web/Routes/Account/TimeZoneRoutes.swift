import Accounts
import Core
import HTTPSupport
import Markup
import Vapor

/// `/{locale}/account/time-zone`: the IANA time zone the account's times are shown in.
struct TimeZoneRoutes: Sendable {
    @Sendable
    func form(req: Request) async throws -> Response {
        let locale = try req.requireLocaleParameter()
        guard let signedIn = req.signedIn else { return req.redirectToSignIn(locale) }
        return Response.html(page(req, locale, current: signedIn.user.timeZone, error: nil))
    }

    @Sendable
    func submit(req: Request) async throws -> Response {
        let locale = try req.requireLocaleParameter()
        guard let signedIn = req.signedIn else { return req.redirectToSignIn(locale) }
        let values = try req.accountForm()
        let t = req.localizer(locale)
        do {
            try await req.application.accounts.changeTimeZone(for: signedIn, to: values.time_zone ?? "", origin: req.auditOrigin, on: req.db)
        } catch AccountError.invalid(let failure) {
            return Response.html(page(req, locale, current: values.time_zone ?? "", error: failure.fields["time_zone"].map { t.t($0) }),
                                 status: .unprocessableEntity)
        }
        req.setFlash(t.t("Your time zone has been changed."))
        return req.seeOther("/\(locale.rawValue)/account/")
    }

    private func page(_ req: Request, _ locale: SiteLocale, current: String, error: String?) -> AccountFormPage {
        let t = req.localizer(locale)
        // IANA names are the same in every language (Asia/Riyadh); the city part is what people look for.
        let options = AccountTimeZone.known.map { (value: $0, label: $0.replacingOccurrences(of: "_", with: " ")) }
        let field = FormField(name: "time_zone", label: t.t("Time zone"), control: .select(options: options), value: current,
                              hint: t.t("Appointments and the times on your pages are shown in this time zone."), error: error, isRequired: true)
        return AccountFormPage(
            chrome: req.chrome(locale, path: "account/time-zone", indexable: false),
            title: t.t("Time zone"),
            form: .init(action: SafeURL.path(locale.rawValue, "account", "time-zone"), csrfToken: req.csrfToken(), fields: [field],
                        errors: error.map { ["time_zone": $0] } ?? [:], submitLabel: t.t("Save")),
            links: [.init(t.t("Your account"), SafeURL.path(locale.rawValue, "account", trailingSlash: true))]
        )
    }
}
