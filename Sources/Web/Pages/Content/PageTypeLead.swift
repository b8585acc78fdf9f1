import Content
import Core
import Foundation
import Markup

/// What a page of each type shows of its own fields before its body, the way that type is read:
/// an article's author and date, a story's facts, a method's indicative cost, the clinic's
/// address with a call and a WhatsApp message, the home page's call to action. Fields it shows
/// are left out of the generic list that follows.
struct PageTypeLead: Node {
    let live: LivePage
    let chrome: PageChrome

    var values: [String: JSONValue] { live.content.fields }

    /// The fields this lead shows (or that the page uses elsewhere), by type.
    var handled: Set<String> {
        switch live.type.name {
        case PageTypes.article.name: ["author", "date", "tags"]
        case PageTypes.successStory.name: ["patient_country", "procedure", "story_date"]
        case PageTypes.legal.name: ["version", "effective_date"]
        case PageTypes.method.name: ["cost_min", "cost_max", "currency"]
        // The cost table and the calculator are priced in it.
        case PageTypes.cost.name: ["currency"]
        case PageTypes.contact.name: ["whatsapp"]
        default: []
        }
    }

    func render(into buffer: inout String) {
        let t = chrome.localizer
        let icons = chrome.context.icons
        let locale = chrome.locale
        Fragment {
            switch live.type.name {
            case PageTypes.article.name:
                p(.class("mt-4 text-sm text-muted"), .data("byline", "")) {
                    [values["author"]?.stringValue, values["date"]?.stringValue.flatMap(CalendarDay.init)?.formatted(locale)]
                        .compactMap { $0 }.joined(separator: " · ")
                }
                if let tags = values["tags"]?.arrayValue?.compactMap(\.stringValue), !tags.isEmpty {
                    ul(.class("mt-3 flex flex-wrap gap-2"), .aria(.label, t.t("Tags"))) {
                        for tag in tags { li(.class("rounded-full bg-brand-50 px-3 py-1 text-sm font-semibold text-brand-800")) { tag } }
                    }
                }
            case PageTypes.successStory.name:
                let facts = [values["patient_country"]?.stringValue, values["procedure"]?.stringValue,
                             values["story_date"]?.stringValue.flatMap(CalendarDay.init)?.formatted(locale)].compactMap { $0 }
                if !facts.isEmpty { p(.class("mt-4 text-sm text-muted")) { facts.joined(separator: " · ") } }
            case PageTypes.legal.name:
                if let version = values["version"]?.stringValue {
                    p(.class("mt-4 text-sm text-muted")) {
                        t.t("Version {version}, in effect from {date}", [
                            "version": version, "date": values["effective_date"]?.stringValue.flatMap(CalendarDay.init)?.formatted(locale) ?? "",
                        ])
                    }
                }
            case PageTypes.method.name:
                if let low = values["cost_min"]?.intValue, let currency = values["currency"]?.stringValue {
                    p(.class("mt-4 inline-flex flex-wrap items-baseline gap-x-2 rounded-xl bg-brand-50 px-4 py-2"), .data("indicative-cost", "")) {
                        span(.class("text-sm font-semibold text-brand-800")) { t.t("Indicative cost") }
                        span(.class("font-bold text-ink")) { MoneyText.range(low, values["cost_max"]?.intValue, currency, locale) }
                    }
                }
            case PageTypes.home.name:
                div(.class("mt-6 flex flex-col sm:flex-row")) {
                    LinkButton(t.t("Plan your treatment"), to: SafeURL.path(locale.rawValue, "inquiry"),
                               trailing: IconView("outline/arrow-right", in: icons, flipsInRTL: true))
                }
                if let contact = live.clinicContact?.fields { ContactActions(contact: contact, localizer: t, icons: icons) }
            case PageTypes.contact.name:
                ContactActions(contact: values, localizer: t, icons: icons)
            default:
                Fragment()
            }
        }.render(into: &buffer)
    }
}
