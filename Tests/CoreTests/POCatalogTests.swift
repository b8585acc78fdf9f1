import Core
import Testing

@Suite("gettext catalogs")
struct POCatalogTests {
    @Test("entries, plurals, contexts, escapes and multi-line strings parse")
    func parsing() throws {
        let catalog = try POCatalog(parsing: #"""
        msgid ""
        msgstr ""
        "Language: ar\n"
        "Plural-Forms: nplurals=6; plural=(n==0 ? 0 : 5);\n"

        # a comment
        msgid "Hello"
        msgstr "مرحبا"

        msgctxt "menu"
        msgid "Open"
        msgstr "افتح"

        msgid "{count} day"
        msgid_plural "{count} days"
        msgstr[0] "z"
        msgstr[1] "o"
        msgstr[2] "t"
        msgstr[3] "f"
        msgstr[4] "m"
        msgstr[5] "x"

        msgid "Say \"hi\"\n"
        "twice"
        msgstr "قل \"مرحبا\"\n"
        "مرتين"

        #, fuzzy
        msgid "Unconfirmed"
        msgstr "غير مؤكد"
        """#)
        #expect(catalog.declaredPluralCount == 6)
        #expect(catalog.translations(of: "Hello") == ["مرحبا"])
        #expect(catalog.translations(of: "Open", context: "menu") == ["افتح"])
        #expect(catalog.translations(of: "Open") == nil)
        #expect(catalog.translations(of: "{count} day")?.count == 6)
        #expect(catalog.translations(of: "Say \"hi\"\ntwice") == ["قل \"مرحبا\"\nمرتين"])
        #expect(catalog.translations(of: "Unconfirmed") == nil)
    }

    @Test("malformed catalogs fail with the line number")
    func malformed() {
        #expect { _ = try POCatalog(parsing: "msgid \"a\"\nmsgstr unquoted") } throws: { error in
            (error as? POParseError)?.line == 2
        }
    }

    @Test("translation falls back to English and picks plural forms")
    func lookup() throws {
        let ar = try POCatalog(parsing: """
        msgid "{count} file"
        msgid_plural "{count} files"
        msgstr[0] "zero"
        msgstr[1] "one"
        msgstr[2] "two"
        msgstr[3] "few"
        msgstr[4] "many"
        msgstr[5] "other"
        """)
        let translations = Translations(catalogs: [.ar: ar, .en: POCatalog()])
        #expect(translations.translate("Missing", into: .ar) == "Missing")
        #expect(translations.translatePlural("{count} file", "{count} files", count: 11, into: .ar) == "many")
        #expect(translations.translatePlural("{count} file", "{count} files", count: 2, into: .en) == "{count} files")
    }
}
