import Core
import Markup

extension AdminUserPage: Node {
    public func render(into buffer: inout String) {
        let t = chrome.localizer
        let icons = chrome.context.icons
        PageLayout(chrome: chrome, title: name.isEmpty ? email : name) {
            div(.class("mx-auto flex max-w-3xl flex-col gap-8")) {
                div(.class("flex flex-col gap-2")) {
                    a(.href(SafeURL.path("admin", "users")), .class("inline-flex min-h-11 items-center font-semibold text-brand-700")) { t.t("All accounts") }
                    h1(.class("text-3xl font-bold")) { name.isEmpty ? email : name }
                    p(.dir("ltr"), .class("text-start")) { email }
                    p(.class("text-muted")) {
                        AdminLabels.role(role, t)
                        " · "
                        twoFactor ? t.t("Two-step sign-in is on.") : t.t("Two-step sign-in is off.")
                    }
                }
                if let notice { Alert(.success, message: notice, icons: icons) }
                if let error = errors.values.first { Alert(.error, message: error, icons: icons) }

                section(.aria(.labelledby, "role-title"), .class("flex flex-col gap-3")) {
                    h2(.id("role-title"), .class("text-xl font-bold")) { t.t("Role") }
                    form(.method(.post), .action(action("role")), .class("flex flex-col gap-3 sm:flex-row sm:items-end")) {
                        input(.type("hidden"), .name(CSRFMiddleware.fieldName), .value(csrfToken))
                        FormField(name: "role", label: t.t("Role"), control: .select(options: AdminLabels.roleOptions(t)), value: role.rawValue)
                        div { Button(t.t("Change role"), style: .secondary) }
                    }
                }

                section(.aria(.labelledby, "grants-title"), .class("flex flex-col gap-3")) {
                    h2(.id("grants-title"), .class("text-xl font-bold")) { t.t("Access to records and inquiries") }
                    if grants.isEmpty { p(.class("text-muted")) { t.t("No grants. The role alone applies.") } }
                    ul(.class("flex flex-col gap-2")) {
                        for grant in grants {
                            li(.class("flex flex-wrap items-center justify-between gap-2 rounded-xl border border-line bg-white p-3")) {
                                p {
                                    AdminLabels.scope(grant.scope, t) + ": "
                                    span(.dir("ltr")) { grant.target == "*" ? t.t("all regions") : grant.target }
                                }
                                form(.method(.post), .action(action("grants", grant.id.uuidString.lowercased(), "revoke"))) {
                                    input(.type("hidden"), .name(CSRFMiddleware.fieldName), .value(csrfToken))
                                    Button(t.t("Revoke"), style: .secondary)
                                }
                            }
                        }
                    }
                    form(.method(.post), .action(action("grants")), .class("flex flex-col gap-3")) {
                        input(.type("hidden"), .name(CSRFMiddleware.fieldName), .value(csrfToken))
                        FormField(name: "scope", label: t.t("Grant access to"),
                                  control: .select(options: [("patient", AdminLabels.scope(.patient, t)), ("inquiries", AdminLabels.scope(.inquiries, t))]))
                        FormField(name: "target", label: t.t("Which one"),
                                  hint: t.t("For a record: the patient's account id. For inquiries: a two-letter country code such as SA, or * for all."),
                                  error: errors["target"])
                        div { Button(t.t("Grant access"), style: .secondary) }
                    }
                }

                section(.aria(.labelledby, "status-title"), .class("flex flex-col gap-3")) {
                    h2(.id("status-title"), .class("text-xl font-bold")) { t.t("Status") }
                    p { isDisabled ? t.t("This account is disabled: it cannot sign in.") : t.t("This account is active.") }
                    form(.method(.post), .action(action(isDisabled ? "enable" : "disable"))) {
                        input(.type("hidden"), .name(CSRFMiddleware.fieldName), .value(csrfToken))
                        Button(isDisabled ? t.t("Enable account") : t.t("Disable account and end its sessions"), style: .secondary)
                    }
                }
            }
        }.render(into: &buffer)
    }
}
