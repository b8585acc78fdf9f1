import Accounts
import Core
import HTTPSupport
import Markup
import Vapor

/// The people admin under `/admin/users`: find, open, invite, change role, disable, grant.
/// Every domain call authorises the signed-in admin (who needs a second factor); the pages are in
/// the admin's own language.
public struct AdminUserRoutes: RouteCollection, Sendable {
    public init() {}

    public func boot(routes: any RoutesBuilder) throws {
        let users = routes.grouped("admin", "users")
        users.get(use: list)
        users.get("invite", use: inviteForm)
        users.post("invite", use: invite)
        users.get(":user", use: show)
        users.post(":user", "role", use: changeRole)
        users.post(":user", "disable", use: disable)
        users.post(":user", "enable", use: enable)
        users.post(":user", "grants", use: grant)
        users.post(":user", "grants", ":grant", "revoke", use: revoke)
    }

    struct AdminForm: Content {
        var q: String?
        var role: String?
        var email: String?
        var first_name: String?
        var last_name: String?
        var locale: String?
        var scope: String?
        var target: String?
        var page: Int?
    }

    /// The signed-in admin and their language, or a redirect to sign-in.
    private func admin(_ req: Request) -> (SignedIn, Localizer)? {
        guard let signedIn = req.signedIn else { return nil }
        return (signedIn, req.localizer(signedIn.user.siteLocale))
    }

    private func chrome(_ req: Request, _ t: Localizer) -> PageChrome {
        PageChrome(localizer: t, context: req.webContext, alternates: [:], indexable: false)
    }

    private func userID(_ req: Request) throws -> UUID {
        guard let id = req.parameters.get("user").flatMap(UUID.init(uuidString:)) else { throw Abort(.notFound) }
        return id
    }

    @Sendable
    func list(req: Request) async throws -> Response {
        guard let (signedIn, t) = admin(req) else { return req.redirectToSignIn(req.preferredLocale) }
        let form = (try? req.query.decode(AdminForm.self)) ?? AdminForm()
        let role = form.role.flatMap(AccountRole.init(rawValue:))
        let result = try await req.application.accounts.listUsers(search: String((form.q ?? "").prefix(200)), role: role,
                                                                  page: form.page ?? 1, by: signedIn.accessActor,
                                                                  origin: req.auditOrigin, on: req.db)
        return Response.html(AdminUsersPage(chrome: chrome(req, t), search: form.q ?? "", role: role, result: result, notice: req.takeFlash()))
    }

    @Sendable
    func show(req: Request) async throws -> Response {
        guard let (signedIn, t) = admin(req) else { return req.redirectToSignIn(req.preferredLocale) }
        return Response.html(try await detailPage(req, signedIn, t, userID: try userID(req), errors: [:]))
    }

    private func detailPage(_ req: Request, _ signedIn: SignedIn, _ t: Localizer, userID: UUID, errors: [String: String]) async throws -> AdminUserPage {
        let accounts = req.application.accounts
        let (user, grants) = try await accounts.adminView(of: userID, by: signedIn.accessActor, origin: req.auditOrigin, on: req.db)
        return AdminUserPage(chrome: chrome(req, t), user: user, twoFactor: try await accounts.hasTwoFactor(userID, on: req.db),
                             grants: grants, csrfToken: req.csrfToken(), notice: req.takeFlash(), errors: errors)
    }

    /// Runs a change and comes back to the account's page, with the problem on it when there is one.
    private func change(_ req: Request, notice: String, _ body: (SignedIn, UUID, AdminForm) async throws -> Void) async throws -> Response {
        guard let (signedIn, t) = admin(req) else { return req.redirectToSignIn(req.preferredLocale) }
        let id = try userID(req)
        let form = (try? req.content.decode(AdminForm.self)) ?? AdminForm()
        do {
            try await body(signedIn, id, form)
        } catch AccountError.invalid(let failure) {
            return Response.html(try await detailPage(req, signedIn, t, userID: id, errors: failure.fields.mapValues { t.t($0) }),
                                 status: .unprocessableEntity)
        }
        req.setFlash(t.t(notice))
        return req.seeOther("/admin/users/\(id.uuidString.lowercased())")
    }

    @Sendable
    func changeRole(req: Request) async throws -> Response {
        try await change(req, notice: msgid("The role has been changed.")) { signedIn, id, form in
            guard let role = form.role.flatMap(AccountRole.init(rawValue:)) else {
                throw AccountError.invalid(ValidationFailure(["role": msgid("Choose a role.")]))
            }
            try await req.application.accounts.changeRole(of: id, to: role, by: signedIn.accessActor, origin: req.auditOrigin, on: req.db)
        }
    }

    @Sendable
    func disable(req: Request) async throws -> Response {
        try await change(req, notice: msgid("The account is disabled and all its sessions have ended.")) { signedIn, id, _ in
            try await req.application.accounts.setDisabled(true, userID: id, by: signedIn.accessActor, origin: req.auditOrigin, on: req.db)
        }
    }

    @Sendable
    func enable(req: Request) async throws -> Response {
        try await change(req, notice: msgid("The account is active again.")) { signedIn, id, _ in
            try await req.application.accounts.setDisabled(false, userID: id, by: signedIn.accessActor, origin: req.auditOrigin, on: req.db)
        }
    }

    @Sendable
    func grant(req: Request) async throws -> Response {
        try await change(req, notice: msgid("Access has been granted.")) { signedIn, id, form in
            let target = (form.target ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            switch form.scope.flatMap(GrantScope.init(rawValue:)) {
            case .patient:
                guard let patient = UUID(uuidString: target) else {
                    throw AccountError.invalid(ValidationFailure(["target": msgid("Enter the patient's account id.")]))
                }
                try await req.application.accounts.grant(.patient, patient.uuidString, to: id, by: signedIn.accessActor,
                                                         origin: req.auditOrigin, on: req.db)
            case .inquiries:
                guard target == "*" || (target.count == 2 && target.allSatisfy { $0.isASCII && $0.isLetter }) else {
                    throw AccountError.invalid(ValidationFailure(["target": msgid("Enter a two-letter country code such as SA, or * for all.")]))
                }
                try await req.application.accounts.grant(.inquiries, target, to: id, by: signedIn.accessActor, origin: req.auditOrigin, on: req.db)
            case nil:
                throw AccountError.invalid(ValidationFailure(["target": msgid("Choose what to grant access to.")]))
            }
        }
    }

    @Sendable
    func revoke(req: Request) async throws -> Response {
        try await change(req, notice: msgid("Access has been revoked.")) { signedIn, _, _ in
            guard let grant = req.parameters.get("grant").flatMap(UUID.init(uuidString:)) else { throw Abort(.notFound) }
            try await req.application.accounts.revokeGrant(grant, by: signedIn.accessActor, origin: req.auditOrigin, on: req.db)
        }
    }

    @Sendable
    func inviteForm(req: Request) async throws -> Response {
        guard let (signedIn, t) = admin(req) else { return req.redirectToSignIn(req.preferredLocale) }
        try await req.application.accounts.authorize(signedIn.accessActor, .write, .accountDirectory, origin: req.auditOrigin, on: req.db)
        return Response.html(invitePage(req, t, values: AdminForm(), errors: [:]))
    }

    @Sendable
    func invite(req: Request) async throws -> Response {
        guard let (signedIn, t) = admin(req) else { return req.redirectToSignIn(req.preferredLocale) }
        let form = (try? req.content.decode(AdminForm.self)) ?? AdminForm()
        let role = form.role.flatMap(AccountRole.init(rawValue:)) ?? .coordinator
        let locale = form.locale.flatMap(SiteLocale.init(rawValue:)) ?? signedIn.user.siteLocale
        do {
            try await req.application.accounts.invite(email: form.email ?? "", firstName: form.first_name ?? "", lastName: form.last_name ?? "",
                                                      role: role, locale: locale, by: signedIn.accessActor, origin: req.auditOrigin, on: req.db)
        } catch AccountError.invalid(let failure) {
            return Response.html(invitePage(req, t, values: form, errors: failure.fields.mapValues { t.t($0) }), status: .unprocessableEntity)
        } catch AccountError.emailTaken {
            return Response.html(invitePage(req, t, values: form, errors: ["email": t.t(AccountError.emailTaken.messageKey)]), status: .conflict)
        }
        req.setFlash(t.t("The invitation has been sent."))
        return req.seeOther("/admin/users")
    }

    private func invitePage(_ req: Request, _ t: Localizer, values: AdminForm, errors: [String: String]) -> AccountFormPage {
        let locales = SiteLocale.allCases.map { ($0.rawValue, $0.endonym) }
        return AccountFormPage(
            chrome: chrome(req, t), title: t.t("Invite staff"),
            paragraphs: [t.t("The person receives an e-mail with a link to choose their password. Staff must turn on two-step sign-in before they see patient information.")],
            form: .init(
                action: SafeURL.path("admin", "users", "invite"), csrfToken: req.csrfToken(),
                fields: [
                    FormField(name: "first_name", label: t.t("First name"), control: .text(autocomplete: "off"), value: values.first_name ?? "",
                              error: errors["first_name"], isRequired: true),
                    FormField(name: "last_name", label: t.t("Last name"), control: .text(autocomplete: "off"), value: values.last_name ?? "",
                              error: errors["last_name"]),
                    FormField(name: "email", label: t.t("Email address"), control: .email, value: values.email ?? "", error: errors["email"], isRequired: true),
                    FormField(name: "role", label: t.t("Role"), control: .select(options: AdminLabels.roleOptions(t).filter { $0.value != "patient" }),
                              value: values.role ?? "coordinator"),
                    FormField(name: "locale", label: t.t("Language of the invitation"), control: .select(options: locales), value: values.locale ?? t.locale.rawValue),
                ],
                errors: errors, submitLabel: t.t("Send invitation")
            ),
            links: [.init(t.t("All accounts"), SafeURL.path("admin", "users"))]
        )
    }
}
