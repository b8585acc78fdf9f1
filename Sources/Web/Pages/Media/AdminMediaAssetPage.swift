import Core
import Foundation
import Markup
import Media

/// `/admin/media/:id`: one image, for the person who reviews it: the photo with the faces found
/// drawn over it, the boxes as numbers to correct (drawn with the pointer, or typed: WCAG 2.5.7),
/// the people in it and their consents, the focal point, the words per language, approval, where
/// it is used, and deletion when nothing uses it.
public struct AdminMediaAssetPage: Sendable {
    public let chrome: PageChrome
    public let item: MediaAccess.Item
    public let consents: [ConsentRecord]
    /// The accounts patients' consents name, as staff recognise them.
    public let accountNames: [UUID: String]
    public let usages: [MediaUsageRecord]
    public let csrfToken: String
    /// Field name → message; `asset` for a refusal of the whole change.
    public let errors: [String: String]
    /// What was sent, shown again beside its errors.
    public let values: [String: String]
    public let notice: String?

    public init(chrome: PageChrome, item: MediaAccess.Item, consents: [ConsentRecord], accountNames: [UUID: String], usages: [MediaUsageRecord], csrfToken: String,
                errors: [String: String], values: [String: String], notice: String?) {
        self.chrome = chrome
        self.item = item
        self.consents = consents
        self.accountNames = accountNames
        self.usages = usages
        self.csrfToken = csrfToken
        self.errors = errors
        self.values = values
        self.notice = notice
    }

    var id: String { item.asset.id?.uuidString.lowercased() ?? "" }

    func action(_ name: String) -> SafeURL { SafeURL.path("admin", "media", id, name) }

    func csrf() -> Element { input(.type("hidden"), .name("csrf_token"), .value(csrfToken)) }

    /// A value as sent (after an error), else as stored.
    func value(_ name: String, _ stored: String) -> String { values[name] ?? stored }

    static let sectionClasses = "flex flex-col gap-4 rounded-2xl border border-line bg-white p-4 sm:p-6"
    static let headingClasses = "text-xl font-bold"

    /// A person as the consent names them.
    func person(_ consent: ConsentRecord, _ t: Localizer) -> String {
        consent.subjectName ?? consent.subjectUserID.flatMap { accountNames[$0] } ?? t.t("A patient's account")
    }
}

extension AdminMediaAssetPage: Node {
    public func render(into buffer: inout String) {
        let t = chrome.localizer
        let asset = item.asset
        PageLayout(chrome: chrome, title: asset.title) {
            div(.class("mx-auto flex max-w-6xl flex-col gap-6")) {
                div(.class("flex flex-col gap-2")) {
                    a(.href(SafeURL.path("admin", "media")), .class("inline-flex min-h-11 items-center font-semibold text-brand-700")) { t.t("Media library") }
                    h1(.class("break-words text-3xl font-bold")) { bdi { asset.title } }
                    p(.class("text-muted")) {
                        MediaLabels.review(asset.reviewState, t) + " · " + MediaLabels.publication(item.publication, t)
                    }
                }
                if let notice { Alert(.success, message: notice, icons: chrome.context.icons) }
                if let error = errors["asset"] { Alert(.error, message: error, icons: chrome.context.icons) }
                if errors.keys.contains(where: { $0 != "asset" }) {
                    ErrorSummary(title: t.t("There is a problem"), problems: errors.filter { $0.key != "asset" }.sorted { $0.key < $1.key }
                        .map { ErrorSummary.Problem(fieldID: "field-" + $0.key, message: $0.value) })
                }
                div(.class("grid grid-cols-1 gap-6 lg:grid-cols-2")) {
                    div(.class("flex flex-col gap-6")) {
                        AdminMediaReview(page: self)
                        publicationSection(t)
                    }
                    div(.class("flex flex-col gap-6")) {
                        AdminMediaFaceForm(page: self)
                        peopleSection(t)
                        describeSection(t)
                        usageSection(t)
                    }
                }
            }
        }.render(into: &buffer)
    }

    private func publicationSection(_ t: Localizer) -> Element {
        let asset = item.asset
        return section(.aria(.labelledby, "approval-title"), .class(Self.sectionClasses)) {
            h2(.id("approval-title"), .class(Self.headingClasses)) { t.t("Approval") }
            if let refusal = item.publication.refusalKey { p { t.t(refusal) } }
            if case .allowed(let covered, let locales) = item.publication {
                p {
                    (covered ? t.t("Public versions show the faces covered.") : t.t("Public versions show the faces: everyone in the photo allows it."))
                        + " " + t.t("Allowed in: {languages}.", ["languages": MediaLabels.locales(locales, t)])
                }
            }
            if asset.reviewState == .approved, let at = asset.reviewedAt {
                p(.class("text-muted")) { t.t("Approved on {date}.", ["date": DateFormatting.string(from: at, style: .dateTime, locale: t.locale)]) }
            } else if asset.facesDetectedAt == nil {
                p(.role("status")) { t.t("The photo is still being checked for faces. Approve it once the faces are shown.") }
            } else {
                form(.method(.post), .action(action("approve"))) {
                    csrf()
                    Button(t.t("Approve for publication"))
                }
            }
        }
    }

    private func peopleSection(_ t: Localizer) -> Element {
        let chosen = Set(item.people.compactMap(\.id))
        return section(.aria(.labelledby, "people-title"), .class(Self.sectionClasses)) {
            h2(.id("people-title"), .class(Self.headingClasses)) { t.t("People in the photo") }
            p(.class("text-muted")) { t.t("Choose everyone who can be recognised. Nobody, for a diagram or a building. Their consent decides how far the photo may go.") }
            form(.method(.post), .action(action("people")), .class("flex flex-col gap-2")) {
                csrf()
                fieldset(.class("flex flex-col gap-1")) {
                    legend(.class("sr-only")) { t.t("People in the photo") }
                    if consents.isEmpty { p { t.t("No consents are recorded yet.") } }
                    for consent in consents {
                        let cid = consent.id?.uuidString.lowercased() ?? ""
                        label(.class("flex min-h-11 items-center gap-3")) {
                            input(attributes: [.type("checkbox"), .name("consent[]"), .value(cid), .class("size-6 accent-brand-700")]
                                  + (chosen.contains(consent.id ?? UUID()) ? [.checked] : []))
                            span {
                                bdi { person(consent, t) }
                                " · " + MediaLabels.level(consent.level(at: Date()), t)
                            }
                        }
                    }
                }
                div(.class("flex flex-wrap items-center gap-4")) {
                    Button(t.t("Save the people"), style: .secondary)
                    a(.href(SafeURL.path("admin", "media", "consents")), .class("inline-flex min-h-11 items-center font-semibold text-brand-700 underline underline-offset-4")) {
                        t.t("Record a consent")
                    }
                }
            }
        }
    }

    private func describeSection(_ t: Localizer) -> Element {
        let asset = item.asset
        return section(.aria(.labelledby, "describe-title"), .class(Self.sectionClasses)) {
            h2(.id("describe-title"), .class(Self.headingClasses)) { t.t("Title, alt text and tags") }
            form(.method(.post), .action(action("describe")), .class("flex flex-col gap-4")) {
                csrf()
                FormField(name: "title", label: t.t("Title"), value: value("title", asset.title), error: errors["title"], isRequired: true)
                for locale in SiteLocale.allCases {
                    div(.lang(locale.languageTag), .dir(locale.direction.rawValue)) {
                        FormField(name: "alt_\(locale.rawValue)", label: t.t("Alt text in {language}", ["language": locale.endonym]),
                                  control: .multiline(rows: 2), value: value("alt_\(locale.rawValue)", asset.alt[locale.rawValue] ?? ""),
                                  hint: locale == chrome.locale ? t.t("What the image shows, for someone who cannot see it. Leave empty for a decorative image.") : nil)
                    }
                }
                FormField(name: "tags", label: t.t("Tags"), value: value("tags", asset.tags.joined(separator: ", ")),
                          hint: t.t("Separated by commas, such as before-after, ilizarov."))
                div { Button(t.t("Save"), style: .secondary) }
            }
        }
    }

    private func usageSection(_ t: Localizer) -> Element {
        section(.aria(.labelledby, "usage-title"), .class(Self.sectionClasses)) {
            h2(.id("usage-title"), .class(Self.headingClasses)) { t.t("Where it is used") }
            if usages.isEmpty {
                p { t.t("No page uses this image.") }
                form(.method(.post), .action(action("delete"))) {
                    csrf()
                    Button(t.t("Delete this image"), style: .secondary)
                }
            } else {
                ul(.class("flex flex-col gap-1")) {
                    for usage in usages {
                        li {
                            if let path = usage.path.flatMap(SafeURL.init) {
                                a(.href(path), .class("font-semibold text-brand-700 underline underline-offset-4")) { bdi { usage.label } }
                            } else {
                                bdi { usage.label }
                            }
                        }
                    }
                }
                p(.class("text-muted")) { t.t("An image that a page uses cannot be deleted.") }
            }
        }
    }
}
