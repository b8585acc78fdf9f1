import Content
import Core
import Foundation
import Markup

/// The clinic's opening hours: each run of days with its hours, day names in the reader's
/// language, times kept left to right.
struct OpeningHoursList: Node {
    let hours: [OpeningHours]
    let localizer: Localizer

    func render(into buffer: inout String) {
        guard !hours.isEmpty else { return }
        section(.aria(.labelledby, "opening-hours")) {
            h2(.id("opening-hours"), .class("mb-2 text-2xl font-bold")) { localizer.t("Opening hours") }
            dl(.class("grid gap-x-6 gap-y-2 rounded-2xl border border-line bg-white p-5 sm:grid-cols-[auto_1fr]")) {
                for period in hours {
                    dt(.class("font-semibold text-ink")) { days(period.days) }
                    dd(.class("text-muted")) {
                        bdi(.dir("ltr")) { Numerals.localized("\(period.opens)–\(period.closes)", for: localizer.locale) }
                    }
                }
            }
        }.render(into: &buffer)
    }

    func days(_ days: [Weekday]) -> String {
        guard let first = days.first, let last = days.last else { return "" }
        return first == last ? name(first) : "\(name(first)) – \(name(last))"
    }

    func name(_ day: Weekday) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.locale = Locale(identifier: localizer.locale.rawValue)
        return calendar.standaloneWeekdaySymbols[day.calendarWeekday - 1]
    }
}
