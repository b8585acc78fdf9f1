import Core
import Markup

/// The file picker of any form that takes files (the inquiry, documents, messages). Without
/// JavaScript it is a plain `<input type="file" multiple>` and the form posts its files with
/// everything else. With `uploads.js`, each chosen file is sent at once to the upload endpoint,
/// its progress shown, then its virus scan's state until it settles, and the form carries the
/// ids of what was received (`upload_ids`). Words come from here, in the page's language.
public struct UploadField: Node {
    let name: String
    let labelText: String
    let hint: String
    /// Nil for a plain picker whose file goes with the form, for a form that takes one document.
    let endpoint: SafeURL?
    let multiple: Bool
    let accept: String
    let formToken: String?
    let error: String?
    let localizer: Localizer
    let assets: AssetManifest

    /// The script that sends files as they are chosen.
    public static let requiredAssets = ["build/js/uploads.js"]

    /// What the picker offers; the server decides from the bytes.
    public static let accepted = "image/jpeg,image/png,image/webp,image/heic,image/heif,image/avif,application/pdf,application/dicom,.dcm,application/zip,.zip"

    /// What a signed form may be: a PDF, or a photo of the paper.
    public static let documents = "application/pdf,image/jpeg,image/png,image/webp,image/heic,image/heif"

    public init(name: String = "files", label: String, hint: String, endpoint: SafeURL?, multiple: Bool = true, accept: String = accepted,
                formToken: String? = nil, error: String? = nil, localizer: Localizer, assets: AssetManifest) {
        self.name = name
        self.labelText = label
        self.hint = hint
        self.endpoint = endpoint
        self.multiple = multiple
        self.accept = accept
        self.formToken = formToken
        self.error = error
        self.localizer = localizer
        self.assets = assets
    }

    public var controlID: String { "field-" + name }

    public func render(into buffer: inout String) {
        let t = localizer
        let hintID = controlID + "-hint"
        let errorID = controlID + "-error"
        var attributes: [Attribute] = [
            .type("file"), .id(controlID), .name(name), .accept(accept),
            .aria(.describedby, error == nil ? hintID : "\(hintID) \(errorID)"),
            .class("block w-full min-h-11 rounded-xl border-2 border-dashed border-line bg-white px-3 py-3 text-base text-ink file:me-3 file:min-h-11 file:rounded-lg file:border-0 file:bg-brand-700 file:px-4 file:font-semibold file:text-white focus-visible:outline-3 focus-visible:outline-offset-1 focus-visible:outline-focus"),
        ]
        if multiple { attributes.append(.multiple) }
        if error != nil { attributes.append(.aria(.invalid, "true")) }
        var root: [Attribute] = [.class("flex flex-col gap-1.5")]
        if let endpoint {
            root += [.data("upload", ""), .data("upload-url", endpoint.value), .data("label-sending", t.t("Sending…")),
                     .data("label-failed", t.t("The file could not be sent. Check your connection and try again."))]
        }
        if let formToken { root.append(.data("form-token", formToken)) }
        div(attributes: root) {
            label(.for(controlID), .class("font-semibold text-ink")) { labelText }
            p(.id(hintID), .class("text-sm text-muted")) { hint }
            if let error { p(.id(errorID), .class("text-sm font-semibold text-red-800")) { error } }
            input(attributes: attributes)
            if endpoint != nil {
                // Filled by uploads.js: one item per file, its progress and then its state, announced politely.
                ul(.data("upload-list", ""), .aria(.live, "polite"), .class("flex flex-col gap-2 empty:hidden")) {}
                script(src: assets.url("build/js/uploads.js"))
            }
        }.render(into: &buffer)
    }
}
