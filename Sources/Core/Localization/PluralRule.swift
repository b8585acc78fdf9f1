/// Which `msgstr[i]` of a gettext entry to use for a count, per language (CLDR categories for integers).
///
/// Each rule matches the `Plural-Forms` header of the catalog we ship for that language; a test
/// keeps the two in step.
public struct PluralRule: Sendable {
    /// How many plural forms the language has (`nplurals`).
    public let count: Int
    private let select: @Sendable (Int) -> Int

    /// The form index for `n`.
    public func index(for n: Int) -> Int { select(abs(n)) }

    public static func forLocale(_ locale: SiteLocale) -> PluralRule {
        switch locale {
        case .en:
            // one, other
            return PluralRule(count: 2) { $0 == 1 ? 0 : 1 }
        case .fa:
            // CLDR: one for 0 and 1, other for the rest
            return PluralRule(count: 2) { $0 > 1 ? 1 : 0 }
        case .ru:
            // one (1, 21, 31…), few (2–4, 22–24…), many (0, 5–20, 25–30…)
            return PluralRule(count: 3) { n in
                if n % 10 == 1 && n % 100 != 11 { return 0 }
                if (2...4).contains(n % 10) && !(12...14).contains(n % 100) { return 1 }
                return 2
            }
        case .ar:
            // zero, one, two, few (3–10), many (11–99), other (100–102…)
            return PluralRule(count: 6) { n in
                if n == 0 { return 0 }
                if n == 1 { return 1 }
                if n == 2 { return 2 }
                if (3...10).contains(n % 100) { return 3 }
                if (11...99).contains(n % 100) { return 4 }
                return 5
            }
        }
    }
}
