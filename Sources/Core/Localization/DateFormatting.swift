import Foundation
import Synchronization

/// Dates as the clinic writes them: always the Gregorian calendar, in the reader's language.
///
/// ICU's default for `fa` is the Solar Hijri calendar and some `ar` locales use the Islamic one;
/// appointments, invoices and medical records must agree across languages, so the calendar is fixed.
public enum DateFormatting {
    /// How much of a date to show.
    public enum Style: Sendable {
        /// "23 November 2026"
        case long
        /// "2026"
        case year
        /// "23 Nov 2026, 14:05 GMT"
        case dateTime
        /// "14:05", the clock in the time zone given
        case time
    }

    /// The year of `date` (UTC) as `locale` writes it. Every page's footer shows it, so the result is
    /// kept per locale and year instead of building a `DateFormatter` on each render.
    public static func year(of date: Date, locale: SiteLocale) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let key = "\(locale.rawValue)-\(calendar.component(.year, from: date))"
        if let cached = yearCache.withLock({ $0[key] }) { return cached }
        let text = string(from: date, style: .year, locale: locale)
        yearCache.withLock { $0[key] = text }
        return text
    }

    private static let yearCache = Mutex<[String: String]>([:])

    /// Formats `date` for `locale` in `timeZone`, Gregorian in every locale.
    public static func string(from date: Date, style: Style, locale: SiteLocale, timeZone: TimeZone = .gmt) -> String {
        let formatter = DateFormatter()
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        formatter.calendar = calendar
        formatter.timeZone = timeZone
        formatter.locale = Locale(identifier: "\(locale.rawValue)@calendar=gregorian")
        switch style {
        case .long: formatter.setLocalizedDateFormatFromTemplate("dMMMMy")
        case .year: formatter.setLocalizedDateFormatFromTemplate("y")
        case .dateTime: formatter.setLocalizedDateFormatFromTemplate("dMMMyjjmmz")
        case .time: formatter.setLocalizedDateFormatFromTemplate("jjmm")
        }
        return formatter.string(from: date)
    }

    /// How long `seconds` is, in its largest whole unit ("3 days", "ساعتان", "2 часа"), with the
    /// language's plural forms: how long an inquiry has waited.
    public static func duration(_ seconds: TimeInterval, locale: SiteLocale) -> String {
        Duration.seconds(max(60, Int64(seconds))).formatted(
            .units(allowed: [.days, .hours, .minutes], width: .wide, maximumUnitCount: 1).locale(Locale(identifier: locale.rawValue)))
    }
}
