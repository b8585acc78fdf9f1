/// Translates UI strings for one request's locale; views receive it instead of the whole catalog set.
public struct Localizer: Sendable {
    public let locale: SiteLocale
    let translations: Translations

    public init(locale: SiteLocale, translations: Translations) {
        self.locale = locale
        self.translations = translations
    }

    /// The English msgid in this locale. Pass a string literal, or a value marked with `msgid`:
    /// the catalog test finds literals in the sources and fails when a catalog lacks one.
    public func t(_ msgid: String, _ values: [String: String] = [:]) -> String {
        let text = translations.translate(msgid, into: locale)
        return values.isEmpty ? text : text.filling(values)
    }

}
