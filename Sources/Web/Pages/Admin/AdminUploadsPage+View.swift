import Core
import Markup

extension AdminUploadsPage: Node {
    public func render(into buffer: inout String) {
        let t = chrome.localizer
        PageLayout(chrome: chrome, title: t.t("Uploads held back")) {
            div(.class("mx-auto flex max-w-4xl flex-col gap-6")) {
                h1(.class("text-3xl font-bold")) { t.t("Uploads held back") }
                p { t.t("Files waiting for their virus scan, found infected, or that could not be scanned. No one can open them; scan a file again once the scanner is back, or delete it.") }
                if let notice { Alert(.success, message: notice, icons: chrome.context.icons) }
                p(.role("status"), .class("text-muted")) { t.t("{count} files held back", ["count": Numerals.localized(String(rows.count), for: chrome.locale)]) }
                ul(.class("flex flex-col gap-3")) {
                    for row in rows {
                        li(.class("flex flex-col gap-2 rounded-xl border border-line bg-white p-4"), .data("upload", row.id)) {
                            p(.class("break-words text-lg font-semibold")) { bdi { row.name } }
                            p(.class("text-sm text-muted")) {
                                "\(row.kind) · \(row.size) · \(DateFormatting.string(from: row.receivedAt, style: .dateTime, locale: t.locale))"
                            }
                            p {
                                span(.class("font-semibold")) { row.stateLabel }
                                if let detail = row.detail { " · "; span(.dir("ltr")) { detail } }
                            }
                            p {
                                t.t("Belongs to") + " "
                                if let url = row.ownerURL {
                                    a(.href(url), .class("font-semibold text-brand-700 underline underline-offset-4")) { bdi { row.owner } }
                                } else {
                                    bdi { row.owner }
                                }
                            }
                            div(.class("flex flex-wrap gap-3")) {
                                if row.canRetry {
                                    form(.method(.post), .action(SafeURL.path("admin", "uploads", row.id, "retry"))) {
                                        input(.type("hidden"), .name("csrf_token"), .value(csrfToken))
                                        Button(t.t("Scan again"), style: .secondary)
                                    }
                                }
                                form(.method(.post), .action(SafeURL.path("admin", "uploads", row.id, "delete"))) {
                                    input(.type("hidden"), .name("csrf_token"), .value(csrfToken))
                                    Button(t.t("Delete"), style: .secondary)
                                }
                            }
                        }
                    }
                }
            }
        }.render(into: &buffer)
    }
}
