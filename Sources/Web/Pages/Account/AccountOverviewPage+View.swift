import Core
import Markup

extension AccountOverviewPage: Node {
    public func render(into buffer: inout String) {
        let t = chrome.localizer
        let locale = chrome.locale
        PageLayout(chrome: chrome, title: t.t("Your account")) {
            div(.class("mx-auto flex max-w-3xl flex-col gap-6")) {
                h1(.class("text-3xl font-bold")) { t.t("Your account") }
                if let notice { Alert(.success, message: notice, icons: chrome.context.icons) }
                dl(.class("grid gap-2 sm:grid-cols-[max-content_1fr] sm:gap-x-6")) {
                    dt(.class("font-semibold")) { t.t("Name") }
                    dd { name }
                    dt(.class("font-semibold")) { t.t("Email address") }
                    dd(.dir("ltr"), .class("text-start")) { email }
                    dt(.class("font-semibold")) { t.t("Time zone") }
                    dd(.class("flex flex-wrap items-center gap-x-3")) {
                        span(.dir("ltr")) { timeZone.replacingOccurrences(of: "_", with: " ") }
                        a(.href(SafeURL.path(locale.rawValue, "account", "time-zone")),
                          .class("inline-flex min-h-11 min-w-11 items-center font-semibold text-brand-700 underline underline-offset-4")) {
                            t.t("Change")
                            span(.class("sr-only")) { " " + t.t("Time zone") }
                        }
                    }
                }
                if sendsFiles {
                    div(.class("flex flex-wrap gap-3")) {
                        LinkButton(t.t("Your inquiries"), to: SafeURL.path(locale.rawValue, "account", "inquiries"))
                        LinkButton(t.t("Your files"), to: SafeURL.path(locale.rawValue, "account", "files"), style: .secondary)
                    }
                }
                if !staffPages.isEmpty {
                    div(.class("flex flex-wrap gap-3")) {
                        for page in staffPages { LinkButton(page.label, to: page.url) }
                    }
                }
                div(.class("flex flex-wrap gap-3")) {
                    LinkButton(t.t("Change password"), to: SafeURL.path(locale.rawValue, "account", "password"), style: .secondary)
                    LinkButton(t.t("Change e-mail address"), to: SafeURL.path(locale.rawValue, "account", "email"), style: .secondary)
                    LinkButton(t.t("Two-step sign-in"), to: SafeURL.path(locale.rawValue, "account", "two-factor"), style: .secondary)
                }
                section(.aria(.labelledby, "sessions-title"), .class("flex flex-col gap-3")) {
                    h2(.id("sessions-title"), .class("text-xl font-bold")) { t.t("Where you are signed in") }
                    p(.class("text-muted")) { t.t("If you do not recognise a device, end its session and change your password.") }
                    ul(.class("flex flex-col gap-3")) {
                        for row in sessions {
                            SessionRowView(row: row, action: row.isCurrent ? signOutAction : endAction(row.id),
                                           buttonLabel: row.isCurrent ? t.t("Sign out") : t.t("End this session"),
                                           csrfToken: csrfToken, localizer: t)
                        }
                    }
                }
                if !apps.isEmpty {
                    section(.aria(.labelledby, "apps-title"), .class("flex flex-col gap-3")) {
                        h2(.id("apps-title"), .class("text-xl font-bold")) { t.t("Apps signed in to your account") }
                        ul(.class("flex flex-col gap-3")) {
                            for row in apps {
                                SessionRowView(row: row, action: endAppAction(row.id), buttonLabel: t.t("End this session"),
                                               csrfToken: csrfToken, localizer: t)
                            }
                        }
                    }
                }
            }
        }.render(into: &buffer)
    }

    var signOutAction: SafeURL { SafeURL.path(chrome.locale.rawValue, "account", "sign-out") }
}

/// One signed-in browser or app: what it is, when it signed in and was last active, and the
/// button that ends it.
struct SessionRowView: Node {
    let row: AccountOverviewPage.SessionRow
    let action: SafeURL
    let buttonLabel: String
    let csrfToken: String
    let localizer: Localizer

    func render(into buffer: inout String) {
        let t = localizer
        li(.class("flex flex-col gap-2 rounded-xl border border-line bg-white p-4 sm:flex-row sm:items-center sm:justify-between"),
           .data("session", row.id.uuidString.lowercased())) {
            div(.class("flex flex-col gap-1")) {
                p(.class("font-semibold")) {
                    span(.dir("ltr")) { row.device }
                    if row.isCurrent { " · " + t.t("this device") }
                }
                p(.class("text-sm text-muted")) {
                    t.t("Signed in {date}", ["date": DateFormatting.string(from: row.signedInAt, style: .dateTime, locale: t.locale)])
                }
                p(.class("text-sm text-muted")) {
                    t.t("Last active {date}", ["date": DateFormatting.string(from: row.lastSeenAt, style: .dateTime, locale: t.locale)])
                }
                if let ip = row.clientIP { p(.class("text-sm text-muted"), .dir("ltr")) { ip } }
            }
            form(.method(.post), .action(action)) {
                input(.type("hidden"), .name(CSRFMiddleware.fieldName), .value(csrfToken))
                Button(buttonLabel, style: .secondary)
            }
        }.render(into: &buffer)
    }
}
