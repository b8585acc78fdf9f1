import Content
import Core
import Foundation
import Markup
import Media

/// Any live page through one view: its title, breadcrumbs, its type's fields and its blocks,
/// in the page's language and direction. Each page type gets its own view in the next step;
/// this one shows the whole model so that nothing an editor writes is hidden.
public struct ContentPageView: Node {
    let live: LivePage
    let chrome: PageChrome
    let question: CostQuestion

    public init(_ live: LivePage, chrome: PageChrome, question: CostQuestion = CostQuestion(query: nil)) {
        self.live = live
        self.chrome = chrome
        self.question = question
    }

    /// Whether the page enhances a form with htmx: the cost calculator's.
    public static func usesHTMX(_ live: LivePage) -> Bool {
        live.content.blocks.contains { $0.kind == BlockKinds.costCalculator.kind }
    }

    var summary: String? {
        (live.content.fields["summary"] ?? live.content.fields["intro"])?.stringValue
    }

    /// Shared, the page shows its hero image, or else its first image.
    var social: SocialPreview {
        let firstImage = live.content.blocks.lazy.filter { $0.kind == "image" }.compactMap { $0.value["asset"]?.stringValue }.first
        let asset = (live.content.fields["hero_image"]?.stringValue ?? firstImage).flatMap(UUID.init(uuidString:))
        let kind: SocialPreview.Kind = [PageTypes.article.name, PageTypes.successStory.name].contains(live.type.name) ? .article : .website
        return SocialPreview(kind: kind, image: asset.flatMap { live.images[$0] })
    }

    public func render(into buffer: inout String) {
        let t = chrome.localizer
        let icons = chrome.context.icons
        let blocks = BlockViews(images: live.images, snippets: live.snippets, localizer: t, icons: icons)
        let social = social
        PageLayout(chrome: chrome, title: live.page.parentID == nil ? t.t("Hills Clinic") : live.content.title, summary: summary,
                   social: social, structuredData: PageStructuredData(live: live, chrome: chrome, social: social)) {
            if !live.ancestors.isEmpty {
                div(.class("mb-4")) {
                    // The home page is the site's name in the trail, however long its title.
                    Breadcrumb(label: t.t("You are here"), steps: live.ancestors.map {
                        Breadcrumb.Step($0.parentID == nil ? t.t("Hills Clinic") : $0.title, url: Self.url($0.urlPath))
                    }
                        + [Breadcrumb.Step(live.content.title)], icons: icons)
                }
            }
            article(.class("max-w-3xl"), .aria(.labelledby, "page-title")) {
                h1(.id("page-title"), .class("text-[clamp(1.9rem,6vw,3rem)] font-bold leading-tight text-ink")) { live.content.title }
                if let newer = live.newerSource {
                    OutdatedTranslationNotice(source: newer, chrome: chrome)
                }
                if let summary {
                    p(.class("mt-4 text-lg text-muted")) { summary }
                }
                if let review = live.review {
                    MedicalReviewLine(review: review, chrome: chrome)
                }
                let lead = PageTypeLead(live: live, chrome: chrome)
                lead
                if live.isEarlierVersion {
                    div(.class("mt-4 space-y-2")) {
                        Alert(.info, message: t.t("You are reading an earlier version of this text."), icons: icons)
                        a(.href(Self.url(live.page.urlPath)), .class("inline-flex min-h-11 items-center font-semibold text-brand-700 underline")) {
                            t.t("Read the current version")
                        }
                    }
                }
                FieldList(fields: live.type.fields.filter { !["summary", "intro"].contains($0.name) && !lead.handled.contains($0.name) },
                          values: live.content.fields, blocks: blocks)
                div(.class("mt-8 space-y-8")) {
                    for (index, block) in live.content.blocks.enumerated() {
                        if block.kind == BlockKinds.costCalculator.kind {
                            if let calculator = CostCalculator(blocks: [block], currency: live.content.fields["currency"]?.stringValue ?? "EUR") {
                                CostCalculatorView(calculator: calculator, rates: live.rates, question: question, pagePath: live.page.urlPath,
                                                   localizer: t, icons: icons)
                            }
                        } else {
                            blocks.view(block, first: index == 0 && live.content.fields["hero_image"] == nil)
                        }
                    }
                }
                if !live.children.isEmpty {
                    nav(.class("mt-10"), .aria(.labelledby, "in-this-section")) {
                        h2(.id("in-this-section"), .class("mb-4 text-2xl font-bold")) { t.t("In this section") }
                        ul(.class("grid gap-3 sm:grid-cols-2")) {
                            for child in live.children {
                                li {
                                    a(.href(Self.url(child.urlPath)),
                                      .class("flex min-h-11 items-center justify-between gap-3 rounded-2xl border border-line bg-white px-5 py-3 font-semibold text-brand-700 hover:bg-brand-50 focus-visible:outline-3 focus-visible:outline-focus")) {
                                        span { child.title }
                                        IconView("outline/arrow-right", in: icons, flipsInRTL: true)
                                    }
                                }
                            }
                        }
                    }
                }
                if live.versions.count > 1 {
                    VersionList(live: live, localizer: t)
                }
                if let listing = live.listing {
                    ListingView(listing: listing, images: live.images, localizer: t, icons: icons, base: live.page.urlPath)
                }
            }
        }.render(into: &buffer)
    }

    /// A page's path as a link, each segment percent-encoded (slugs may be Arabic or Persian).
    static func url(_ path: String) -> SafeURL {
        SafeURL.path(segments: path.split(separator: "/").map(String.init), trailingSlash: true)
    }
}

/// A page type's own fields, each under its label, in the order the type declares them.
struct FieldList: Node {
    let fields: [FieldDeclaration]
    let values: [String: JSONValue]
    let blocks: BlockViews

    func render(into buffer: inout String) {
        let t = blocks.localizer
        let present = fields.filter { values[$0.name] != nil }
        if present.isEmpty { return }
        div(.class("mt-6 space-y-6")) {
            if let hero = values["hero_image"]?.stringValue.flatMap(UUID.init(uuidString:)), let image = blocks.images[hero] {
                Picture(image, sizes: "(min-width: 48rem) 48rem, 100vw", placement: .first)
            }
            let facts = present.filter { !Self.isSection($0.kind) && !Self.isList($0.kind) && $0.name != "hero_image" }
            if !facts.isEmpty {
                dl(.class("grid gap-x-6 gap-y-2 rounded-2xl border border-line bg-white p-5 sm:grid-cols-[auto_1fr]")) {
                    for field in facts {
                        dt(.class("font-semibold text-ink")) { t.t(field.label) }
                        dd(.class("text-muted")) { blocks.fact(values[field.name], kind: field.kind) }
                    }
                }
            }
            // The one list a page type has: the clinic's hours.
            OpeningHoursList(hours: OpeningHours.parse(values["opening_hours"]), localizer: t)
            for field in present where Self.isSection(field.kind) {
                section(.aria(.label, t.t(field.label))) {
                    h2(.class("mb-2 text-2xl font-bold")) { t.t(field.label) }
                    blocks.richText(values[field.name])
                }
            }
        }.render(into: &buffer)
    }

    static func isSection(_ kind: FieldDeclaration.Kind) -> Bool {
        if case .richText = kind { return true }
        return false
    }

    static func isList(_ kind: FieldDeclaration.Kind) -> Bool {
        if case .list = kind { return true }
        return false
    }
}

/// An index page's children, a page of them at a time.
struct ListingView: Node {
    let listing: LivePage.Listing
    let images: [UUID: PublicImage]
    let localizer: Localizer
    let icons: IconSet
    let base: String

    func render(into buffer: inout String) {
        let t = localizer
        section(.class("mt-10"), .aria(.label, t.t("Pages in this section"))) {
            ul(.class("grid gap-4 sm:grid-cols-2")) {
                for (page, content) in listing.pages {
                    li {
                        Card(title: content.title) {
                            if let hero = content.fields["hero_image"]?.stringValue.flatMap(UUID.init(uuidString:)), let image = images[hero] {
                                Picture(image, sizes: "(min-width: 40rem) 20rem, 100vw")
                            }
                            if let summary = content.fields["summary"]?.stringValue { p(.class("mt-2 text-muted")) { summary } }
                            a(.href(ContentPageView.url(page.urlPath)), .class("mt-3 inline-flex min-h-11 items-center font-semibold text-brand-700 underline")) {
                                t.t("Read more")
                                span(.class("sr-only")) { ": " + content.title }
                            }
                        }
                    }
                }
            }
            if listing.pageCount > 1 {
                Pagination(current: listing.number, total: listing.pageCount, localizer: t, icons: icons) { number in
                    ContentPageView.url(base).with(query: [(name: "page", value: String(number))])
                }
            }
        }.render(into: &buffer)
    }
}

/// Every version of a legal text that has been in force, each with its fingerprint: what a
/// consent records of the text a patient agreed to.
struct VersionList: Node {
    let live: LivePage
    let localizer: Localizer

    func render(into buffer: inout String) {
        let t = localizer
        section(.class("mt-10"), .aria(.labelledby, "versions")) {
            h2(.id("versions"), .class("mb-3 text-2xl font-bold")) { t.t("Versions of this text") }
            ol(.class("space-y-2")) {
                for version in live.versions {
                    let content = version.content
                    let label = t.t("Version {version}, in effect from {date}", [
                        "version": content.fields["version"]?.stringValue ?? String(version.number),
                        "date": content.fields["effective_date"]?.stringValue.flatMap(CalendarDay.init)?.formatted(live.page.locale) ?? "",
                    ])
                    li(.class("flex flex-wrap items-center gap-x-3")) {
                        if version.id == live.revision.id {
                            span(.class("font-semibold"), .aria(.current, "page")) { label }
                        } else {
                            a(.href(ContentPageView.url(live.page.urlPath).with(query: [(name: "version", value: String(version.number))])),
                              .class("inline-flex min-h-11 items-center font-semibold text-brand-700 underline")) { label }
                        }
                        small(.class("text-muted"), .dir("ltr")) { t.t("Fingerprint") + " " + String((version.contentHash ?? "").prefix(16)) }
                    }
                }
            }
        }.render(into: &buffer)
    }
}
