/// A language the public site, the portal and the e-mails are written in.
public enum SiteLocale: String, Sendable, CaseIterable, Codable {
    case en, ar, fa, ru

    /// The locale used when nothing better is known, and the fallback for missing translations.
    public static let fallback = SiteLocale.en

    /// Reading direction of the script.
    public var direction: TextDirection {
        switch self {
        case .ar, .fa: return .rightToLeft
        case .en, .ru: return .leftToRight
        }
    }

    /// The language's name in itself, as shown in the language switcher.
    public var endonym: String {
        switch self {
        case .en: return "English"
        case .ar: return "العربية"
        case .fa: return "فارسی"
        case .ru: return "Русский"
        }
    }

    /// BCP 47 tag for `lang` and `hreflang`.
    public var languageTag: String { rawValue }

    /// Parses a URL prefix such as `ar`; only exact, lower-case codes are locales.
    public init?(pathSegment: String) {
        self.init(rawValue: pathSegment)
    }
}

/// Text direction of a locale, as written in `dir`.
public enum TextDirection: String, Sendable {
    case leftToRight = "ltr"
    case rightToLeft = "rtl"
}
