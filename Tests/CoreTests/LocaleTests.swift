import Core
import Foundation
import Testing

@Suite("Locales, plurals, digits and dates")
struct LocaleTests {
    @Test("Accept-Language picks the best shipped locale", arguments: [
        ("ar-SA,ar;q=0.9,en;q=0.8", SiteLocale.ar), ("fa-IR", .fa), ("de-DE, ru;q=0.5", .ru), ("de, fr", .en),
        ("en;q=0.1, ar;q=0.9", .ar), ("ar;q=0, en", .en), ("*", .en), ("", .en), (";;;,,q=", .en), ("RU", .ru),
    ])
    func negotiation(header: String, expected: SiteLocale) {
        #expect(SiteLocale.negotiate(acceptLanguage: header) == expected)
    }

    @Test("Arabic has six plural forms chosen by CLDR's rules")
    func arabicPlurals() {
        let rule = PluralRule.forLocale(.ar)
        #expect(rule.count == 6)
        #expect([0, 1, 2, 3, 10, 11, 99, 100, 101, 103, 111].map(rule.index) == [0, 1, 2, 3, 3, 4, 4, 5, 5, 3, 4])
    }

    @Test("Russian and Persian plural forms")
    func otherPlurals() {
        let ru = PluralRule.forLocale(.ru)
        #expect([1, 2, 5, 11, 12, 21, 22, 25, 111].map(ru.index) == [0, 1, 2, 2, 2, 0, 1, 2, 2])
        let fa = PluralRule.forLocale(.fa)
        #expect([0, 1, 2].map(fa.index) == [0, 0, 1])
    }

    @Test("numbers typed in Arabic-Indic or Persian digits parse", arguments: [
        ("١٢٣", 123), ("۱۲۳", 123), (" 42 ", 42), ("٠٥", 5), ("۰", 0),
    ])
    func digits(input: String, expected: Int) {
        #expect(Numerals.parseInteger(input) == expected)
    }

    @Test("decimals accept the Arabic separator; junk is refused")
    func decimals() {
        #expect(Numerals.parseDecimal("٣٫٥") == 3.5)
        #expect(Numerals.parseDecimal("12abc") == nil)
        #expect(Numerals.localized("2026", for: .fa) == "۲۰۲۶")
        #expect(Numerals.localized("2026", for: .ar) == "٢٠٢٦")
        #expect(Numerals.localized("2026", for: .ru) == "2026")
    }

    @Test("the cached year matches the formatted one", arguments: SiteLocale.allCases)
    func cachedYear(locale: SiteLocale) {
        let date = Date(timeIntervalSince1970: 1_795_348_800)
        #expect(DateFormatting.year(of: date, locale: locale) == DateFormatting.string(from: date, style: .year, locale: locale))
        #expect(Numerals.westernized(DateFormatting.year(of: date, locale: locale)) == "2026")
    }

    @Test("dates use the Gregorian calendar in every locale", arguments: SiteLocale.allCases)
    func gregorian(locale: SiteLocale) {
        let date = Date(timeIntervalSince1970: 1_795_348_800)  // 2026-11-22 12:00 UTC
        let year = Numerals.westernized(DateFormatting.string(from: date, style: .year, locale: locale))
        #expect(year == "2026", "\(locale): \(year)")
        let long = Numerals.westernized(DateFormatting.string(from: date, style: .long, locale: locale))
        #expect(long.contains("2026") && long.contains("22"), "\(locale): \(long)")
    }
}
