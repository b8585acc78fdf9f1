import Core
import Markup
import Media

/// One file of an inquiry or a record in a list: its name, kind, size and scan state, a small
/// picture of a clean image, the previews of a DICOM study, and for staff the identifying tags
/// read from its header. Every link it shows is short-lived and was issued after `authorize`.
struct RecordFileItem: Node {
    let file: UploadAccess.RecordFile
    let localizer: Localizer
    let locale: SiteLocale
    /// Where to open the whole file (a fresh signed link on each click); nil shows none.
    let openURL: SafeURL?
    let forStaff: Bool

    func render(into buffer: inout String) {
        let t = localizer
        let record = file.record
        li(.class("flex flex-col gap-2 rounded-xl border border-line bg-white px-3 py-2")) {
            div(.class("flex flex-wrap items-center gap-x-3 gap-y-1")) {
                bdi(.class("font-semibold break-all")) { record.displayName }
                span(.class("text-sm text-muted")) { "\(UploadLabels.kind(record.kind, t)), \(UploadLabels.size(record.byteCount, locale))" }
                span(.class("text-sm")) { forStaff ? UploadLabels.staffState(record.state, t) : UploadLabels.state(record.state, t) }
                if let openURL {
                    a(.href(openURL), .class("inline-flex min-h-11 items-center font-semibold text-brand-700 underline underline-offset-4")) {
                        t.t("Open")
                        span(.class("sr-only")) { " " }
                        bdi(.class("sr-only")) { record.displayName }
                    }
                }
            }
            if let picture = file.picture.flatMap(SafeURL.init) {
                img(.src(picture), .alt(t.t("Preview of {name}", ["name": record.displayName])), .width(160), .height(160),
                    .loading("lazy"), .class("size-40 rounded-lg border border-line bg-surface object-contain"))
            }
            if !file.previews.isEmpty {
                ul(.class("flex flex-wrap gap-3")) {
                    for preview in file.previews {
                        if let url = SafeURL(preview.url) {
                            li(.class("flex w-40 flex-col gap-1")) {
                                img(.src(url), .alt(t.t("Preview of {name}", ["name": record.displayName])), .width(160), .height(160),
                                    .loading("lazy"), .class("size-40 rounded-lg border border-line bg-black object-contain"))
                                p(.class("text-xs text-muted")) { UploadLabels.caption(preview, t, locale) }
                            }
                        }
                    }
                }
            }
            if forStaff, let tags = file.tags {
                dl(.class("grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]")) {
                    for tag in UploadLabels.tags(tags, t) {
                        dt(.class("font-semibold")) { tag.label }
                        dd { bdi { tag.value } }
                    }
                }
            }
        }.render(into: &buffer)
    }
}
