import Core
@testable import Content
import Foundation
import Testing

@Suite("Slugs: one for each way a word can look")
struct SlugTests {
    @Test("slugs keep the locale's script and lose what does not show", arguments: [
        ("Internal Lengthening Nails", SiteLocale.en, "internal-lengthening-nails"),
        ("  Cost & timeline — 2027 ", .en, "cost-timeline-2027"),
        ("الإطار الخارجي", .ar, "الإطار-الخارجي"),
        ("Аппарат Илизарова", .ru, "аппарат-илизарова"),
        ("روش\u{200C}ها", .fa, "روشها"),
        ("abc\u{202E}def\u{200B}", .en, "abcdef"),
        ("cafe\u{0301}", .en, "café"),
        ("--a--b--", .en, "a-b"),
        ("under_score", .en, "under-score"),
        ("١٢ شهرًا", .ar, "١٢-شهرًا"),
        ("تـــطويل", .ar, "تطويل"),
    ])
    func normalised(raw: String, locale: SiteLocale, slug: String) throws {
        #expect(try #require(Slug(raw, locale: locale)).value == slug)
    }

    @Test("in Persian, Arabic yeh and kaf are the Persian letters: the two spellings are one slug")
    func persianFolding() throws {
        let arabicLetters = try #require(Slug("كي", locale: .fa)), persianLetters = try #require(Slug("کی", locale: .fa))
        #expect(arabicLetters == persianLetters && arabicLetters.value == "\u{06A9}\u{06CC}")
        #expect(try #require(Slug("كي", locale: .ar)).value == "\u{0643}\u{064A}", "Arabic keeps its own letters")
        #expect(try #require(Slug("\u{0645}\u{0648}\u{0633}\u{0649}", locale: .fa)).value == "\u{0645}\u{0648}\u{0633}\u{06CC}")
    }

    @Test("NFC: the same letter typed two ways is one slug")
    func canonical() throws {
        #expect(Slug("e\u{0301}tude", locale: .en) == Slug("\u{00E9}tude", locale: .en))
    }

    @Test("nothing left to name a page by is no slug", arguments: ["", "   ", "---", "\u{200F}\u{202B}", "!!!", "\u{0640}"])
    func empty(raw: String) {
        #expect(Slug(raw, locale: .en) == nil)
    }

    @Test("a slug is at most 80 characters and never ends in a hyphen")
    func length() throws {
        let slug = try #require(Slug(String(repeating: "a", count: 79) + " b c", locale: .en))
        #expect(slug.value.count <= Slug.maximumLength && !slug.value.hasSuffix("-"))
    }

    @Test("decoding accepts only a normalised slug")
    func decoding() throws {
        #expect(try JSONDecoder().decode(Slug.self, from: Data(#""الطرق""#.utf8)).value == "الطرق")
        #expect(try JSONDecoder().decode(Slug.self, from: Data(#""كي""#.utf8)).value == "كي", "an Arabic slug stays Arabic")
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Slug.self, from: Data(#""Not Normal""#.utf8)) }
    }
}
