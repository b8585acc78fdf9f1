import Core
import Foundation
import Markup
import Portal

/// `/admin/inquiries`: the triage queue, filtered and sorted, a page at a time. One card per
/// inquiry rather than a wide table, so it reads the same on a coordinator's tablet.
public struct AdminInquiriesPage: Sendable {
    public struct Row: Sendable {
        public let url: SafeURL
        public let reference: String
        public let name: String
        public let country: String
        public let language: String
        public let method: String
        public let age: String
        public let status: String
        public let waiting: String
        /// The patient's clock now, when their browser told us their zone.
        public let localTime: String?
        /// The patient wrote last: the inquiry waits for the clinic again.
        public let patientWrote: Bool
    }

    public let chrome: PageChrome
    public let filter: QueueFilter
    /// The filter as a query string, to carry onto the next page.
    public let query: String
    public let rows: [Row]
    public let nextURL: SafeURL?
    /// The countries the coordinator may filter by (their grants'), as (code, name).
    public let countries: [(code: String, name: String)]

    public init(chrome: PageChrome, filter: QueueFilter, query: String, page: Inquiries.QueuePage, countries: [(code: String, name: String)],
                now: Date = Date()) {
        let t = chrome.localizer
        let locale = chrome.locale
        self.chrome = chrome
        self.filter = filter
        self.query = query
        self.countries = countries
        self.rows = page.rows.map { row in
            let record = row.record
            return Row(url: SafeURL.path("admin", "inquiries", record.id?.uuidString.lowercased() ?? ""), reference: record.reference,
                       name: row.name, country: Countries.name(record.region, in: locale),
                       language: SiteLocale(rawValue: record.language)?.endonym ?? record.language, method: t.t(record.method.label),
                       age: Numerals.localized(String(record.age), for: locale), status: TriageLabels.status(record.status, t),
                       waiting: DateFormatting.duration(now.timeIntervalSince(record.createdAt), locale: locale),
                       localTime: record.timeZone.flatMap(TimeZone.init(identifier:)).map {
                           DateFormatting.string(from: now, style: .time, locale: locale, timeZone: $0)
                       },
                       patientWrote: record.lastAction == "patient")
        }
        self.nextURL = page.nextCursor.flatMap { SafeURL("/admin/inquiries?\(query.isEmpty ? "" : query + "&")after=\($0)") }
    }
}

extension AdminInquiriesPage: Node {
    public func render(into buffer: inout String) {
        let t = chrome.localizer
        PageLayout(chrome: chrome, title: t.t("Inquiries")) {
            div(.class("mx-auto flex max-w-5xl flex-col gap-6")) {
                h1(.class("text-3xl font-bold")) { t.t("Inquiries") }
                filters
                if rows.isEmpty {
                    p(.role("status")) { t.t("No inquiry matches these filters.") }
                } else {
                    ul(.class("grid gap-3 md:grid-cols-2")) {
                        for row in rows { card(row) }
                    }
                }
                if let nextURL {
                    div { LinkButton(t.t("Next page"), to: nextURL, style: .secondary) }
                }
            }
        }.render(into: &buffer)
    }

    private var filters: some Node {
        let t = chrome.localizer
        let status = filter.statuses == QueueFilter.open ? "open" : filter.statuses.first?.rawValue ?? "open"
        return form(.method(.get), .action(SafeURL.path("admin", "inquiries")),
                    .class("grid gap-4 rounded-2xl border border-line bg-white p-4 sm:grid-cols-2 lg:grid-cols-4")) {
            FormField(name: "status", label: t.t("Status"),
                      control: .select(options: [("open", t.t("Still open"))] + InquiryStatus.allCases.map { ($0.rawValue, TriageLabels.status($0, t)) }),
                      value: status)
            FormField(name: "country", label: t.t("Country"),
                      control: .select(options: [("", t.t("All countries"))] + countries.map { ($0.code, $0.name) }), value: filter.region ?? "")
            FormField(name: "language", label: t.t("Language"),
                      control: .select(options: [("", t.t("All languages"))] + SiteLocale.allCases.map { ($0.rawValue, $0.endonym) }),
                      value: filter.language ?? "")
            FormField(name: "method", label: t.t("Treatment"),
                      control: .select(options: [("", t.t("All treatments"))] + TreatmentMethod.allCases.map { ($0.rawValue, t.t($0.label)) }),
                      value: filter.method?.rawValue ?? "")
            FormField(name: "min_age", label: t.t("Youngest age"), control: .number, value: filter.minimumAge.map(String.init) ?? "")
            FormField(name: "max_age", label: t.t("Oldest age"), control: .number, value: filter.maximumAge.map(String.init) ?? "")
            FormField(name: "sort", label: t.t("Order"), control: .select(options: QueueSort.allCases.map { ($0.rawValue, TriageLabels.sort($0, t)) }),
                      value: filter.sort.rawValue)
            div(.class("flex items-end")) { Button(t.t("Show inquiries")) }
        }
    }

    private func card(_ row: Row) -> some Node {
        let t = chrome.localizer
        return li(.class("flex flex-col gap-2 rounded-2xl border border-line bg-white p-4")) {
            div(.class("flex flex-wrap items-baseline justify-between gap-2")) {
                a(.href(row.url), .class("inline-flex min-h-11 items-center text-lg font-semibold text-brand-700 underline underline-offset-4")) {
                    bdi { row.name }
                }
                div(.class("flex flex-wrap gap-2")) {
                    if row.patientWrote {
                        span(.class("rounded-full border border-brand-700 bg-brand-50 px-3 py-1 text-sm font-semibold text-brand-800")) {
                            t.t("New message from the patient")
                        }
                    }
                    span(.class("rounded-full bg-surface px-3 py-1 text-sm font-semibold")) { row.status }
                }
            }
            dl(.class("grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm")) {
                dt(.class("text-muted")) { t.t("Reference") }
                dd(.dir("ltr"), .class("text-start")) { row.reference }
                dt(.class("text-muted")) { t.t("Country") }
                dd { row.country }
                dt(.class("text-muted")) { t.t("Language") }
                dd { row.language }
                dt(.class("text-muted")) { t.t("Treatment") }
                dd { row.method }
                dt(.class("text-muted")) { t.t("Age") }
                dd { row.age }
                dt(.class("text-muted")) { t.t("Waiting") }
                dd { row.waiting }
                if let localTime = row.localTime {
                    dt(.class("text-muted")) { t.t("Patient's time now") }
                    dd { localTime }
                }
            }
        }
    }
}
