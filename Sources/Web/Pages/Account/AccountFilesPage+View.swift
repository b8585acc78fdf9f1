import Core
import Markup
import Media

extension AccountFilesPage: Node {
    public func render(into buffer: inout String) {
        let t = chrome.localizer
        let locale = chrome.locale
        let icons = chrome.context.icons
        let action = SafeURL.path(locale.rawValue, "account", "files")
        PageLayout(chrome: chrome, title: t.t("Your files")) {
            div(.class("mx-auto flex max-w-3xl flex-col gap-6")) {
                h1(.class("text-3xl font-bold")) { t.t("Your files") }
                p { t.t("Send your X-rays, scans and medical reports to the clinic here. Each file is checked for viruses before anyone opens it; only you and the clinicians caring for you can see it.") }
                if let notice { Alert(.success, message: notice, icons: icons) }
                UploadRefusals(refusals: refusals, localizer: t, isSummary: true)
                // The token field comes before the file input: the server checks it before it
                // writes a byte of any file.
                form(.method(.post), .action(action), .enctype("multipart/form-data"), .data("upload-only", ""),
                     .class("flex flex-col gap-4 rounded-2xl border border-line bg-white p-4 sm:p-6")) {
                    input(.type("hidden"), .name("csrf_token"), .value(csrfToken))
                    UploadField(label: t.t("Files to send"),
                                hint: t.t("Photos (JPEG, PNG, WebP, HEIC, AVIF), PDF documents, DICOM files, or a ZIP of a DICOM study from a CD. Up to 10 files at a time."),
                                endpoint: SafeURL.path(locale.rawValue, "uploads"), localizer: t, assets: chrome.context.assets)
                    div(.data("upload-submit", "")) { Button(t.t("Send files")) }
                }
                section(.aria(.labelledby, "files-title"), .class("flex flex-col gap-3")) {
                    h2(.id("files-title"), .class("text-xl font-bold")) { t.t("Files you have sent") }
                    if rows.isEmpty {
                        p(.data("upload-empty", ""), .class("text-muted")) { t.t("You have not sent any files yet.") }
                    } else {
                        ul(.class("flex flex-col gap-3")) {
                            for row in rows { FileRowView(row: row, localizer: t) }
                        }
                    }
                }
            }
        }.render(into: &buffer)
    }
}

/// One sent file: its name as the sender's device gave it (isolated, so an Arabic or Hebrew name
/// cannot reorder the line), what it is, and where its scan stands.
struct FileRowView: Node {
    let row: AccountFilesPage.Row
    let localizer: Localizer

    func render(into buffer: inout String) {
        let t = localizer
        let tone = switch row.state {
        case .clean: "bg-green-50 text-green-900 border-green-300"
        case .infected: "bg-red-50 text-red-900 border-red-300"
        case .quarantined, .unscanned: "bg-amber-50 text-amber-900 border-amber-300"
        }
        li(.class("flex flex-col gap-2 rounded-xl border border-line bg-white p-4 sm:flex-row sm:items-center sm:justify-between"),
           .data("upload-id", row.id)) {
            div(.class("flex min-w-0 flex-col gap-1")) {
                p(.class("break-words font-semibold")) { bdi { row.name } }
                p(.class("text-sm text-muted")) {
                    "\(row.kind) · \(row.size) · \(DateFormatting.string(from: row.sentAt, style: .dateTime, locale: t.locale))"
                }
                if let advice = row.advice { p(.class("text-sm")) { advice } }
                if !row.previews.isEmpty {
                    ul(.class("mt-2 flex flex-wrap gap-3")) {
                        for preview in row.previews {
                            li(.class("flex w-40 flex-col gap-1")) {
                                img(.src(preview.url), .alt(t.t("Preview of {name}", ["name": row.name])), .width(160), .height(160),
                                    .loading("lazy"), .class("size-40 rounded-lg border border-line bg-black object-contain"))
                                p(.class("text-xs text-muted")) { preview.caption }
                            }
                        }
                    }
                    p(.class("text-xs text-muted")) { t.t("A preview shows the image as it is: any text written into the picture itself (a name, a date) is not removed.") }
                }
                if !row.tags.isEmpty {
                    dl(.class("mt-1 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]")) {
                        for tag in row.tags {
                            dt(.class("font-semibold")) { tag.label }
                            dd { bdi { tag.value } }
                        }
                    }
                }
            }
            div(.class("flex flex-wrap items-center gap-3")) {
                span(.class("rounded-full border px-3 py-1 text-sm font-semibold \(tone)")) { row.stateLabel }
                if let url = row.openURL {
                    a(.href(url), .class("inline-flex min-h-11 min-w-11 items-center justify-center px-1 font-semibold text-brand-700 underline underline-offset-4")) {
                        t.t("Download")
                        span(.class("sr-only")) { " \(row.name)" }
                    }
                }
            }
        }.render(into: &buffer)
    }
}
