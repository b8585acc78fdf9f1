import Core
import Foundation
import Testing
import TestSupport

/// Every UI string used in the code exists, translated, in every shipped catalog.
@Suite("Translation catalogs are complete")
struct CatalogCompletenessTests {
    /// Literals passed to `t(…)` or `msgid(…)` anywhere under Sources/, comment lines excluded.
    static func msgidsInSources() throws -> Set<String> {
        let sources = packageRoot.appendingPathComponent("Sources")
        let pattern = try NSRegularExpression(pattern: #"\b(?:t|msgid)\("((?:[^"\\]|\\.)*)""#)
        var found: Set<String> = []
        let walker = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
        while let file = walker?.nextObject() as? URL {
            guard file.pathExtension == "swift" else { continue }
            for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                guard !trimmed.hasPrefix("//") else { continue }
                let text = String(line)
                for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    let raw = String(text[Range(match.range(at: 1), in: text)!])
                    found.insert(raw.replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\"))
                }
            }
        }
        return found
    }

    static func translations() throws -> Translations {
        try Translations.load(from: packageRoot.appendingPathComponent("Resources/Locales"))
    }

    @Test("the sources use UI strings at all (the scan works)")
    func scanFindsStrings() throws {
        let msgids = try Self.msgidsInSources()
        #expect(msgids.contains("Skip to main content"))
        #expect(msgids.contains("Page not found"))
        #expect(msgids.count > 30)
    }

    @Test("every msgid in the code is translated in every catalog", arguments: SiteLocale.allCases)
    func complete(locale: SiteLocale) throws {
        let catalog = try #require(try Self.translations().catalog(for: locale))
        let missing = try Self.msgidsInSources().filter { catalog.translations(of: $0) == nil }.sorted()
        #expect(missing.isEmpty, "\(locale.rawValue).po lacks: \(missing)")
    }

    @Test("each catalog declares its language's plural forms", arguments: SiteLocale.allCases)
    func pluralHeaders(locale: SiteLocale) throws {
        let catalog = try #require(try Self.translations().catalog(for: locale))
        #expect(catalog.declaredPluralCount == PluralRule.forLocale(locale).count)
    }

    @Test("translations differ from English outside en.po, so none was left untranslated by copy")
    func notCopiedEnglish() throws {
        let translations = try Self.translations()
        for locale in SiteLocale.allCases where locale != .en {
            let same = try Self.msgidsInSources().filter { translations.translate($0, into: locale) == $0 }
            #expect(same.isEmpty, "\(locale.rawValue): \(same.sorted())")
        }
    }

    /// In right-to-left text a date such as 2027-06-30 after Arabic letters is laid out backwards
    /// (its digits become Arabic numbers, and the hyphens between them do not join them): each is
    /// isolated left-to-right with U+2066 … U+2069.
    @Test("right-to-left translations isolate every Latin-digit date left-to-right")
    func datesIsolated() throws {
        let translations = try Self.translations()
        for locale in SiteLocale.allCases where locale.direction == .rightToLeft {
            let bare = try Self.msgidsInSources().compactMap { msgid -> String? in
                let text = translations.translate(msgid, into: locale)
                let dates = text.matches(of: /\d{4}-\d{2}-\d{2}/)
                return dates.allSatisfy({ text[..<$0.range.lowerBound].hasSuffix("\u{2066}") && text[$0.range.upperBound...].hasPrefix("\u{2069}") })
                    ? nil : text
            }
            #expect(bare.isEmpty, "\(locale.rawValue): \(bare)")
        }
    }
}
