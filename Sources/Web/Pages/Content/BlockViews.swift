import Content
import Core
import Foundation
import Markup
import Media

/// How each kind of block looks on a public page. A block whose image may not be shown in this
/// locale now (its consent withdrawn, expired or limited) renders without it; a snippet missing
/// in this language is left out.
struct BlockViews {
    let images: [UUID: PublicImage]
    let snippets: [UUID: SnippetRecord]
    let localizer: Localizer
    let icons: IconSet

    func view(_ block: Block, first: Bool) -> Fragment {
        let value = block.value
        return Fragment {
            switch block.kind {
            case BlockKinds.heading.kind:
                let text = value["text"]?.stringValue ?? ""
                switch value["level"]?.intValue ?? 2 {
                case 3: h3(.class("text-xl font-bold")) { text }
                case 4: h4(.class("text-lg font-bold")) { text }
                default: h2(.class("text-2xl font-bold")) { text }
                }
            case BlockKinds.richText.kind:
                richText(value["body"])
            case BlockKinds.image.kind:
                if let image = image(value["asset"]) {
                    figure {
                        Picture(image, sizes: "(min-width: 48rem) 48rem, 100vw", placement: first ? .first : .belowTheFold)
                        if let caption = value["caption"]?.stringValue { figcaption(.class("mt-2 text-sm text-muted")) { caption } }
                    }
                }
            case BlockKinds.gallery.kind:
                let shown = (value["assets"]?.arrayValue ?? []).compactMap(image)
                if !shown.isEmpty {
                    Gallery(id: "gallery-" + block.id.uuidString.lowercased(), images: shown, caption: value["caption"]?.stringValue,
                            localizer: localizer, icons: icons)
                }
            case BlockKinds.quote.kind:
                quote(value["text"]?.stringValue ?? "", by: value["attribution"]?.stringValue)
            case BlockKinds.callToAction.kind:
                section(.class("rounded-2xl bg-brand-800 p-6 text-white sm:p-8")) {
                    h2(.class("text-2xl font-bold")) { value["title"]?.stringValue ?? "" }
                    if let text = value["text"]?.stringValue { p(.class("mt-2 text-brand-50")) { text } }
                    if let link = value["link"]?.stringValue.flatMap(SafeURL.init) {
                        div(.class("mt-4")) {
                            LinkButton(value["label"]?.stringValue ?? "", to: link, style: .secondary,
                                       trailing: IconView("outline/arrow-right", in: icons, flipsInRTL: true))
                        }
                    }
                }
            case BlockKinds.faqList.kind:
                section {
                    if let title = value["title"]?.stringValue { h2(.class("mb-4 text-2xl font-bold")) { title } }
                    questions((value["items"]?.arrayValue ?? []).compactMap(\.objectValue).map {
                        ($0["question"]?.stringValue ?? "", $0["answer"])
                    })
                }
            case BlockKinds.costTable.kind:
                costTable(value)
            case BlockKinds.timelineSteps.kind:
                section {
                    if let title = value["title"]?.stringValue { h2(.class("mb-4 text-2xl font-bold")) { title } }
                    // A line of numbered stations: the list is the text, the numbers and the line only draw it.
                    ol(.class("space-y-6 border-s-2 border-brand-200 ps-8"), .data("timeline", "")) {
                        for (index, step) in (value["steps"]?.arrayValue ?? []).compactMap(\.objectValue).enumerated() {
                            li(.class("relative")) {
                                span(.class("absolute -start-[calc(3.125rem+1px)] top-0 inline-flex size-9 items-center justify-center rounded-full bg-brand-700 text-sm font-bold text-white ring-4 ring-canvas"),
                                     .aria(.hidden, "true")) { Numerals.localized(String(index + 1), for: localizer.locale) }
                                h3(.class("pt-1 text-lg font-bold")) { step["title"]?.stringValue ?? "" }
                                if let duration = step["duration"]?.stringValue {
                                    p(.class("mt-1 inline-flex rounded-full bg-brand-50 px-3 py-0.5 text-sm font-semibold text-brand-800")) { duration }
                                }
                                richText(step["description"])
                            }
                        }
                    }
                }
            case BlockKinds.videoEmbed.kind:
                if let embed = value["url"]?.stringValue.flatMap(VideoEmbed.init), let url = SafeURL(embed.playerURL) {
                    figure {
                        VideoFrame(url, title: value["title"]?.stringValue ?? "")
                        if let caption = value["caption"]?.stringValue { figcaption(.class("mt-2 text-sm text-muted")) { caption } }
                    }
                }
            case BlockKinds.testimonial.kind:
                if let snippet = snippet(value) {
                    let fields = snippet.fields
                    let by = [fields["name"]?.stringValue, fields["country"]?.stringValue].compactMap { $0 }.joined(separator: " · ")
                    quote(fields["quote"]?.stringValue ?? "", by: by.isEmpty ? nil : by)
                }
            case BlockKinds.faq.kind:
                if let snippet = snippet(value) {
                    questions([(snippet.fields["question"]?.stringValue ?? "", snippet.fields["answer"])])
                }
            case BlockKinds.teamMember.kind:
                if let snippet = snippet(value) {
                    let fields = snippet.fields
                    Card(title: fields["name"]?.stringValue ?? "") {
                        if let photo = image(fields["photo"]) { Picture(photo, sizes: "12rem", classes: "h-auto w-48 rounded-2xl") }
                        p(.class("font-semibold text-brand-700")) { fields["role"]?.stringValue ?? "" }
                        richText(fields["bio"])
                    }
                }
            default:
                // A kind this program does not know (saved by a newer one): nothing rather than a guess.
                Fragment()
            }
        }
    }

    func image(_ value: JSONValue?) -> PublicImage? {
        value?.stringValue.flatMap(UUID.init(uuidString:)).flatMap { images[$0] }
    }

    func snippet(_ value: [String: JSONValue]) -> SnippetRecord? {
        value["snippet"]?.stringValue.flatMap(UUID.init(uuidString:)).flatMap { snippets[$0] }
    }

    /// Rich text as it was sanitised on save: the only raw HTML a page carries.
    func richText(_ value: JSONValue?) -> Fragment {
        Fragment {
            if let html = value?.stringValue {
                div(.class("prose max-w-none")) { SanitizedHTML(alreadySanitized: html) }
            }
        }
    }

    func quote(_ text: String, by attribution: String?) -> Element {
        figure(.class("rounded-2xl border-s-4 border-brand-600 bg-brand-50 p-5")) {
            blockquote(.class("text-lg")) { p { text } }
            if let attribution { figcaption(.class("mt-2 text-sm text-muted")) { cite { attribution } } }
        }
    }

    func questions(_ items: [(String, JSONValue?)]) -> Element {
        div(.class("divide-y divide-line rounded-2xl border border-line bg-white")) {
            for (question, answer) in items {
                details(.class("group")) {
                    summary(.class("flex min-h-11 cursor-pointer items-center justify-between gap-4 px-5 py-3 font-semibold text-ink hover:bg-brand-50 focus-visible:outline-3 focus-visible:outline-focus")) {
                        span { question }
                        span(.class("disclosure-chevron inline-flex transition-transform")) { IconView("outline/chevron-down", in: icons) }
                    }
                    div(.class("px-5 pb-4")) { richText(answer) }
                }
            }
        }
    }

    func costTable(_ value: [String: JSONValue]) -> Element {
        let t = localizer
        let currency = value["currency"]?.stringValue ?? ""
        return section(.class("overflow-x-auto")) {
            table(.class("w-full border-collapse text-start")) {
                if let title = value["title"]?.stringValue { caption(.class("mb-2 text-start text-2xl font-bold")) { title } }
                thead {
                    tr(.class("border-b border-line")) {
                        th(.scope("col"), .class("py-2 text-start")) { t.t("What it covers") }
                        th(.scope("col"), .class("py-2 text-start")) { t.t("Price") }
                    }
                }
                tbody {
                    for row in (value["rows"]?.arrayValue ?? []).compactMap(\.objectValue) {
                        tr(.class("border-b border-line")) {
                            th(.scope("row"), .class("py-2 text-start font-normal")) {
                                row["item"]?.stringValue ?? ""
                                if let note = row["note"]?.stringValue { p(.class("text-sm text-muted")) { note } }
                            }
                            td(.class("py-2 whitespace-nowrap")) { price(row["min"]?.intValue, row["max"]?.intValue, currency) }
                        }
                    }
                }
            }
        }
    }

    func price(_ low: Int64?, _ high: Int64?, _ currency: String) -> String {
        MoneyText.range(low, high, currency, localizer.locale)
    }

    /// A field's value for the list of facts: numbers and addresses that read left to right
    /// stay so in Arabic and Persian, telephone numbers and addresses are links.
    func fact(_ value: JSONValue?, kind: FieldDeclaration.Kind) -> Fragment {
        Fragment {
            switch (kind, value?.stringValue) {
            case (.telephone, let number?):
                if let url = SafeURL("tel:" + number.filter { $0 == "+" || $0.isNumber }) {
                    a(.href(url), .dir("ltr"), .class("inline-flex min-h-11 items-center underline")) { number }
                }
            case (.email, let address?):
                if let url = SafeURL("mailto:" + address) {
                    a(.href(url), .dir("ltr"), .class("inline-flex min-h-11 items-center underline")) { address }
                }
            case (.link, let link?):
                if let url = SafeURL(link) {
                    a(.href(url), .class("inline-flex min-h-11 items-center underline")) { localizer.t("Open") }
                }
            case (.integer, _), (.date, _):
                bdi { plain(value, kind: kind) }
            default:
                plain(value, kind: kind)
            }
        }
    }

    /// A field's value as plain text.
    func plain(_ value: JSONValue?, kind: FieldDeclaration.Kind) -> String {
        switch value {
        case .string(let text)?:
            if case .date = kind, let day = CalendarDay(text) { return day.formatted(localizer.locale) }
            return text
        case .int(let number)?: return Numerals.localized(number.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en"))), for: localizer.locale)
        case .array(let items)?: return items.compactMap(\.stringValue).joined(separator: ", ")
        default: return ""
        }
    }
}

extension CalendarDay {
    /// "30 June 2027" as the locale writes it.
    func formatted(_ locale: SiteLocale) -> String {
        var components = DateComponents()
        components.year = year
        components.month = month
        components.day = day
        components.hour = 12
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        guard let date = calendar.date(from: components) else { return description }
        return DateFormatting.string(from: date, style: .long, locale: locale)
    }
}
