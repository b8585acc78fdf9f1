import Core
import Markup

extension AdminUsersPage: Node {
    public func render(into buffer: inout String) {
        let t = chrome.localizer
        PageLayout(chrome: chrome, title: t.t("Accounts")) {
            div(.class("mx-auto flex max-w-4xl flex-col gap-6")) {
                div(.class("flex flex-wrap items-center justify-between gap-3")) {
                    h1(.class("text-3xl font-bold")) { t.t("Accounts") }
                    LinkButton(t.t("Invite staff"), to: SafeURL.path("admin", "users", "invite"))
                }
                if let notice { Alert(.success, message: notice, icons: chrome.context.icons) }
                form(.method(.get), .action(SafeURL.path("admin", "users")), .class("flex flex-col gap-4 sm:flex-row sm:items-end"),
                     .role("search")) {
                    div(.class("flex-1")) {
                        FormField(name: "q", label: t.t("Name or e-mail address"), value: search)
                    }
                    FormField(name: "role", label: t.t("Role"), control: .select(options: [("", t.t("All roles"))] + AdminLabels.roleOptions(t)),
                              value: role?.rawValue ?? "")
                    div { Button(t.t("Search"), style: .secondary) }
                }
                p(.role("status"), .class("text-muted")) { t.t("{count} accounts shown", ["count": String(rows.count)]) }
                ul(.class("flex flex-col gap-3")) {
                    for row in rows {
                        li(.class("flex flex-col gap-1 rounded-xl border border-line bg-white p-4"), .data("user", row.id.uuidString.lowercased())) {
                            a(.href(SafeURL.path("admin", "users", row.id.uuidString.lowercased())),
                              .class("inline-flex min-h-11 items-center text-lg font-semibold text-brand-700 underline underline-offset-4")) {
                                row.name.isEmpty ? row.email : row.name
                            }
                            p(.dir("ltr"), .class("text-start")) { row.email }
                            p(.class("text-sm text-muted")) {
                                AdminLabels.role(row.role, t)
                                if row.isDisabled { " · " + t.t("Disabled") }
                                if !row.isVerified { " · " + t.t("Address not confirmed") }
                            }
                        }
                    }
                }
                if page > 1 || hasNextPage {
                    nav(.aria(.label, t.t("Pages")), .class("flex flex-wrap items-center justify-between gap-3")) {
                        if page > 1 { LinkButton(t.t("Previous page"), to: link(toPage: page - 1), style: .secondary) } else { span {} }
                        if hasNextPage { LinkButton(t.t("Next page"), to: link(toPage: page + 1), style: .secondary) }
                    }
                }
            }
        }.render(into: &buffer)
    }
}
