import Core
import Markup
import Media

/// Files this form already received (shown again after an error, so none is sent twice).
struct PendingUploads: Node {
    let uploads: [UploadRecord]
    let localizer: Localizer
    let locale: SiteLocale

    func render(into buffer: inout String) {
        let t = localizer
        div(.class("flex flex-col gap-2")) {
            h3(.class("font-semibold")) { t.t("Files already received with this form") }
            ul(.class("flex flex-col gap-2")) {
                for upload in uploads {
                    li(.class("flex flex-wrap items-center gap-x-3 gap-y-1 rounded-xl border border-line bg-surface px-3 py-2")) {
                        bdi(.class("font-semibold break-all")) { upload.displayName }
                        span(.class("text-sm text-muted")) { "\(UploadLabels.kind(upload.kind, t)), \(UploadLabels.size(upload.byteCount, locale))" }
                        span(.class("text-sm")) { UploadLabels.state(upload.state, t) }
                    }
                }
            }
        }.render(into: &buffer)
    }
}

/// Why files of the last post were refused, one line per file, announced at once; nothing when
/// all were taken.
struct UploadRefusals: Node {
    let refusals: [String]
    let localizer: Localizer
    /// A form that is only files leads with this, as its error summary.
    var isSummary = false

    func render(into buffer: inout String) {
        guard !refusals.isEmpty else { return }
        let heading = localizer.t("Some files were not accepted")
        var attributes: [Attribute] = [.role("alert"), .class("rounded-xl border-2 border-red-700 bg-red-50 p-4 text-red-900")]
        if isSummary { attributes += [.tabindex(-1), .data("error-summary", "")] }
        div(attributes: attributes) {
            if isSummary { h2(.class("text-lg font-bold")) { heading } } else { h3(.class("font-bold")) { heading } }
            ul(.class("mt-2 flex list-disc flex-col gap-1 ps-5")) {
                for refusal in refusals { li { refusal } }
            }
        }.render(into: &buffer)
    }
}
