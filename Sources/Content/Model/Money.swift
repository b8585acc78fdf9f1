import Core
import Foundation

/// Currencies: those a clinic prices in, and those a visitor may see an estimate in.
public enum Currency {
    public static let codes = ["EUR", "USD", "GBP", "TRY"]
    /// Where our patients come from: the Gulf, Russia and Central Asia, Europe and the Americas.
    public static let display = ["EUR", "USD", "GBP", "TRY", "SAR", "AED", "KWD", "QAR", "BHD", "OMR", "RUB", "KZT", "AZN"]

    /// Digits after the decimal point of its minor unit (ISO 4217).
    public static func minorDigits(_ code: String) -> Int {
        ["KWD", "BHD", "OMR"].contains(code) ? 3 : 2
    }
}

/// A rate editors keep as a snippet: one `base` is worth `rate` of `currency`, as of `date`.
public struct CurrencyRate: Sendable, Equatable {
    public let base: String
    public let currency: String
    public let rate: Decimal
    public let date: CalendarDay

    public init(base: String, currency: String, rate: Decimal, date: CalendarDay) {
        self.base = base
        self.currency = currency
        self.rate = rate
        self.date = date
    }

    /// From a snippet's fields, as the validator left them.
    init?(fields: [String: JSONValue]) {
        guard let base = fields["base"]?.stringValue, let currency = fields["currency"]?.stringValue, base != currency,
              let rate = fields["rate"]?.stringValue.flatMap({ Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) }), rate > 0,
              let date = fields["date"]?.stringValue.flatMap(CalendarDay.init) else { return nil }
        self.init(base: base, currency: currency, rate: rate, date: date)
    }

    /// The newest rate of each pair, and the inverse of each where editors gave only one way.
    public static func latest(_ rates: [CurrencyRate]) -> [CurrencyRate] {
        var newest: [String: CurrencyRate] = [:]
        for rate in rates {
            let key = rate.base + rate.currency
            if let kept = newest[key], kept.date >= rate.date { continue }
            newest[key] = rate
        }
        for rate in newest.values where newest[rate.currency + rate.base] == nil {
            newest[rate.currency + rate.base] = CurrencyRate(base: rate.currency, currency: rate.base, rate: 1 / rate.rate, date: rate.date)
        }
        return newest.values.sorted { ($0.base, $0.currency) < ($1.base, $1.currency) }
    }

    /// `range` (minor units of `base`) in whole units of `currency`: the low end rounded down, the
    /// high end up, since an estimate must not promise less than it may cost.
    public func convert(_ range: ClosedRange<Int64>) -> ClosedRange<Int64> {
        Self.wholeUnits(range, of: base, times: rate)
    }

    /// `range` (minor units of `currency`) times `rate`, in whole units, the low end rounded down
    /// and the high end up: with a rate of 1, an estimate in the clinic's own currency.
    public static func wholeUnits(_ range: ClosedRange<Int64>, of currency: String, times rate: Decimal = 1) -> ClosedRange<Int64> {
        func whole(_ minor: Int64, _ mode: NSDecimalNumber.RoundingMode) -> Int64 {
            var exact = Decimal(minor) / pow(10, Currency.minorDigits(currency)) * rate
            // An inverse rate has no end (1 / 1.05): its last digits must not tip 100 down to 99.
            var value = Decimal()
            NSDecimalRound(&value, &exact, 6, .plain)
            var rounded = Decimal()
            NSDecimalRound(&rounded, &value, 0, mode)
            return NSDecimalNumber(decimal: rounded).int64Value
        }
        return whole(range.lowerBound, .down)...max(whole(range.lowerBound, .down), whole(range.upperBound, .up))
    }
}
