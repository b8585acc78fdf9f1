import Core
import Foundation
import Markup
import Media

/// `/admin/media`: the library's images, newest first, narrowed by a filter; and the field that
/// sends new ones, each shown with its progress and scan as it goes.
public struct AdminMediaPage: Sendable {
    public let chrome: PageChrome
    public let filter: MediaAccess.Filter
    public let items: [MediaAccess.Item]
    public let more: Bool
    public let csrfToken: String
    public let notice: String?

    public init(chrome: PageChrome, filter: MediaAccess.Filter, items: [MediaAccess.Item], more: Bool, csrfToken: String, notice: String?) {
        self.chrome = chrome
        self.filter = filter
        self.items = items
        self.more = more
        self.csrfToken = csrfToken
        self.notice = notice
    }
}

extension AdminMediaPage: Node {
    public func render(into buffer: inout String) {
        let t = chrome.localizer
        let link = "inline-flex min-h-11 items-center font-semibold text-brand-700 underline underline-offset-4"
        PageLayout(chrome: chrome, title: t.t("Media library")) {
            div(.class("mx-auto flex max-w-6xl flex-col gap-6")) {
                div(.class("flex flex-wrap items-end justify-between gap-3")) {
                    h1(.class("text-3xl font-bold")) { t.t("Media library") }
                    a(.href(SafeURL.path("admin", "media", "consents")), .class(link)) { t.t("Consents of the people in photos") }
                }
                p { t.t("Photos become public only after a person has checked their faces and the people in them, and only as far as everyone's consent allows.") }
                if let notice { Alert(.success, message: notice, icons: chrome.context.icons) }
                form(.method(.post), .action(SafeURL.path("admin", "media", "uploads")), .enctype("multipart/form-data"), .data("upload-only", ""),
                     .class("flex flex-col gap-4 rounded-2xl border border-line bg-white p-4 sm:p-6")) {
                    input(.type("hidden"), .name("csrf_token"), .value(csrfToken))
                    UploadField(label: t.t("Add images"),
                                hint: t.t("Photos and images (JPEG, PNG, WebP, HEIC, AVIF), several at a time. Each is checked for viruses and faces first."),
                                endpoint: SafeURL.path("admin", "media", "uploads"), localizer: t, assets: chrome.context.assets)
                    div(.data("upload-submit", "")) { Button(t.t("Send images")) }
                }
                filterForm(t)
                p(.role("status"), .class("text-muted")) {
                    t.t("Images shown: {count}", ["count": Numerals.localized(String(items.count), for: chrome.locale)])
                        + (more ? " " + t.t("(the newest; narrow the filter to see others)") : "")
                }
                ul(.class("grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3")) {
                    for item in items { AdminMediaCard(item: item, localizer: t) }
                }
            }
        }.render(into: &buffer)
    }

    private func filterForm(_ t: Localizer) -> Element {
        let any = [("", t.t("Any"))]
        return form(.method(.get), .action(SafeURL.path("admin", "media")), .role("search"), .aria(.label, t.t("Filter the images")),
                    .class("grid grid-cols-1 gap-3 rounded-2xl border border-line bg-white p-4 sm:grid-cols-2 lg:grid-cols-6 lg:items-end")) {
            div(.class("lg:col-span-2")) { FormField(name: "q", label: t.t("Title or tag"), value: filter.text) }
            FormField(name: "tag", label: t.t("Tag"), value: filter.tag ?? "")
            FormField(name: "kind", label: t.t("Kind"), control: .select(options: any + MediaLabels.imageKinds.map { ($0.rawValue, UploadLabels.kind($0, t)) }),
                      value: filter.kind?.rawValue ?? "")
            FormField(name: "review", label: t.t("Review"), control: .select(options: any + [("unreviewed", MediaLabels.review(.unreviewed, t)),
                                                                                              ("approved", MediaLabels.review(.approved, t))]),
                      value: filter.review?.rawValue ?? "")
            FormField(name: "publication", label: t.t("Consent"), control: .select(options: any + [("allowed", t.t("Can be published")),
                                                                                                     ("blocked", t.t("Cannot be published"))]),
                      value: filter.publication?.rawValue ?? "")
            div { Button(t.t("Filter"), style: .secondary) }
        }
    }
}

/// One image in the library's grid: its preview, title, scan, review and publication.
struct AdminMediaCard: Node {
    let item: MediaAccess.Item
    let localizer: Localizer

    func render(into buffer: inout String) {
        let t = localizer
        let asset = item.asset
        let id = asset.id?.uuidString.lowercased() ?? ""
        li(.class("flex flex-col overflow-hidden rounded-2xl border border-line bg-white"), .data("asset", id)) {
            if let preview = item.previewURL.flatMap(SafeURL.init) {
                img(.src(preview), .alt(""), .width(asset.width), .height(asset.height), .loading("lazy"), .decoding("async"),
                    .class("aspect-[4/3] w-full bg-canvas object-cover"))
            } else {
                div(.class("flex aspect-[4/3] items-center justify-center bg-canvas p-4 text-center text-muted")) {
                    item.upload.state == .clean ? t.t("Looking for faces…") : UploadLabels.staffState(item.upload.state, t)
                }
            }
            div(.class("flex flex-col gap-1 p-4")) {
                a(.href(SafeURL.path("admin", "media", id)), .class("inline-flex min-h-11 items-center break-words text-lg font-semibold text-brand-700 underline underline-offset-4")) {
                    bdi { asset.title }
                }
                p(.class("text-sm")) { MediaLabels.review(asset.reviewState, t) + " · " + MediaLabels.publication(item.publication, t) }
                if !asset.tags.isEmpty { p(.class("text-sm text-muted")) { bdi { asset.tags.joined(separator: ", ") } } }
            }
        }.render(into: &buffer)
    }
}
