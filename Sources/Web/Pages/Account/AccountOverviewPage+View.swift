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
                }
                p {
                    LinkButton(t.t("Two-step sign-in"), to: SafeURL.path(locale.rawValue, "account", "two-factor"), style: .secondary)
                }
                section(.aria(.labelledby, "sessions-title"), .class("flex flex-col gap-3")) {
                    h2(.id("sessions-title"), .class("text-xl font-bold")) { t.t("Where you are signed in") }
                    p(.class("text-muted")) { t.t("If you do not recognise a device, end its session and change your password.") }
                    ul(.class("flex flex-col gap-3")) {
                        for row in sessions {
                            li(.class("flex flex-col gap-2 rounded-xl border border-line bg-white p-4 sm:flex-row sm:items-center sm:justify-between"),
                               .data("session", row.id.uuidString.lowercased())) {
                                div(.class("flex flex-col gap-1")) {
                                    p(.class("font-semibold")) {
                                        span(.dir("ltr")) { row.device }
                                        if row.isCurrent { " · " + t.t("this device") }
                                    }
                                    p(.class("text-sm text-muted")) {
                                        t.t("Signed in {date}", ["date": DateFormatting.string(from: row.signedInAt, style: .dateTime, locale: locale)])
                                    }
                                    p(.class("text-sm text-muted")) {
                                        t.t("Last active {date}", ["date": DateFormatting.string(from: row.lastSeenAt, style: .dateTime, locale: locale)])
                                    }
                                    if let ip = row.clientIP { p(.class("text-sm text-muted"), .dir("ltr")) { ip } }
                                }
                                Markup.form(.method(.post), .action(row.isCurrent ? signOutAction : endAction(row.id))) {
                                    input(.type("hidden"), .name(CSRFMiddleware.fieldName), .value(csrfToken))
                                    Button(row.isCurrent ? t.t("Sign out") : t.t("End this session"), style: .secondary)
                                }
                            }
                        }
                    }
                }
            }
        }.render(into: &buffer)
    }

    var signOutAction: SafeURL { SafeURL.path(chrome.locale.rawValue, "account", "sign-out") }
}
