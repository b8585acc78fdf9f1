@testable import App
@testable import Content
import Core
import FluentKit
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import TestSupport
import Vapor
@testable import Web

/// A sitemap as a crawler reads it: each address with its alternates, or the files of an index.
final class SitemapReader: NSObject, XMLParserDelegate {
    struct URLEntry {
        var loc = ""
        var lastmod: String?
        var alternates: [String: String] = [:]
    }

    var root = ""
    var urls: [URLEntry] = []
    var files: [String] = []
    private var text = ""
    private var current: URLEntry?

    static func read(_ xml: String) throws -> SitemapReader {
        let reader = SitemapReader()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = reader
        #expect(parser.parse(), "well-formed XML: \(parser.parserError.map { "\($0)" } ?? "")")
        return reader
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if root.isEmpty { root = name }
        text = ""
        if name == "url" { current = URLEntry() }
        if name == "xhtml:link", let hreflang = attributes["hreflang"], let href = attributes["href"] { current?.alternates[hreflang] = href }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "loc" where current != nil: current?.loc = text
        case "loc": files.append(text)
        case "lastmod": current?.lastmod = text
        case "url": if let current { urls.append(current) }; current = nil
        default: break
        }
    }
}

@Suite("Sitemap and robots.txt: every live page with its translations and nothing else, an index past the limit")
struct SitemapTests {
    static let base = "http://127.0.0.1:8080"

    @Test("the sitemap lists live pages with lastmod and alternates, the built-in pages in every locale, and no draft, unpublished or expired page",
          arguments: TestDatabase.allCases)
    func sitemap(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let f = try await ContentFixtures(app)
            let (methods, arabic) = try await PageTrustTests.translatedSection(f)
            let home = try #require(try await PageRecord.find(try #require(methods.parentID), on: app.db))
            _ = try await f.pages.create("CostPage", locale: .en, under: home.requireID(), slug: "costs",
                                         content: PageContent(title: "Costs", fields: ["currency": "EUR"]), by: f.editor, origin: f.origin, on: app.db)
            let withdrawn = try await f.pages.create("ProcedurePage", locale: .en, under: home.requireID(), slug: "withdrawn",
                                                     content: PageContent(title: "Withdrawn", fields: ["summary": "No longer offered."]), by: f.editor, origin: f.origin, on: app.db)
            try await f.pages.publish(withdrawn.requireID(), by: f.editor, origin: f.origin, on: app.db)
            try await f.pages.unpublish(withdrawn.requireID(), by: f.editor, origin: f.origin, on: app.db)
            let ended = try await f.pages.create("ProcedurePage", locale: .en, under: home.requireID(), slug: "ended",
                                                 content: PageContent(title: "Ended", fields: ["summary": "An offer that has ended."]), by: f.editor, origin: f.origin, on: app.db)
            try await f.pages.publish(ended.requireID(), by: f.editor, origin: f.origin, on: app.db)
            let past = try await f.reload(ended)
            past.expireAt = Date().addingTimeInterval(-60)
            try await past.update(on: app.db)

            let response = try await TestBrowser(app).get("/sitemap.xml")
            #expect(response.status == .ok)
            #expect(response.headers.first(name: .contentType) == "application/xml; charset=utf-8")
            #expect(response.headers.first(name: .setCookie) == nil)
            let map = try SitemapReader.read(response.body.string)
            #expect(map.root == "urlset")
            let arabicURL = Self.base + "/ar/%D8%A7%D9%84%D8%B7%D8%B1%D9%82/"
            var expected: Set<String> = [Self.base + "/en/", Self.base + "/ar/", Self.base + "/en/methods/", arabicURL]
            for locale in SiteLocale.allCases {
                expected.insert(Self.base + "/\(locale.rawValue)/inquiry")
                expected.insert(Self.base + "/\(locale.rawValue)/privacy/cookies")
            }
            #expect(Set(map.urls.map(\.loc)) == expected, "drafts, unpublished and expired pages appear nowhere")
            #expect(map.urls.count == expected.count, "each address once")

            let english = try #require(map.urls.first { $0.loc == Self.base + "/en/methods/" })
            #expect(english.alternates == ["en": Self.base + "/en/methods/", "ar": arabicURL, "x-default": Self.base + "/en/methods/"])
            let published = try #require(try await f.reload(methods).lastPublishedAt)
            #expect(english.lastmod == published.formatted(.iso8601))
            #expect(map.urls.first { $0.loc == arabicURL }?.alternates["en"] == Self.base + "/en/methods/", "alternates go both ways")
            #expect(map.urls.first { $0.loc == Self.base + "/en/" }?.alternates["x-default"] == Self.base + "/", "a home page's default is /")
            #expect(map.urls.first { $0.loc == Self.base + "/fa/inquiry" }?.alternates.count == 5, "built-in pages exist in every locale")
            _ = arabic
        }
    }

    @Test("past the limit the sitemap is an index whose numbered files hold every address once; files past the last are 404",
          arguments: TestDatabase.allCases)
    func index(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let f = try await ContentFixtures(app)
            _ = try await PageTrustTests.translatedSection(f)
            let browser = TestBrowser(app)
            let whole = try SitemapReader.read(try await browser.get("/sitemap.xml").body.string).urls.map(\.loc)
            #expect(try await browser.get("/sitemaps/1.xml").status == .notFound, "no numbered files while one is enough")

            app.sitemapURLLimit = 5
            let index = try SitemapReader.read(try await browser.get("/sitemap.xml").body.string)
            #expect(index.root == "sitemapindex")
            #expect(index.files == (1...((whole.count + 4) / 5)).map { Self.base + "/sitemaps/\($0).xml" })
            var listed: [String] = []
            for number in 1...index.files.count {
                let file = try await browser.get("/sitemaps/\(number).xml")
                #expect(file.status == .ok)
                let part = try SitemapReader.read(file.body.string)
                #expect(part.root == "urlset" && part.urls.count <= 5)
                listed += part.urls.map(\.loc)
            }
            #expect(listed == whole)
            #expect(try await browser.get("/sitemaps/\(index.files.count + 1).xml").status == .notFound)
            #expect(try await browser.get("/sitemaps/x.xml").status == .notFound)
        }
    }

    @Test("robots.txt keeps crawlers out of staff, account and API pages and names the sitemap")
    func robots() async throws {
        try await withTestApp(only: .sqlite, because: "robots.txt reads no database") { app in
            let response = try await TestBrowser(app).get("/robots.txt")
            #expect(response.status == .ok)
            #expect(response.headers.first(name: .contentType) == "text/plain; charset=utf-8")
            let lines = response.body.string.split(separator: "\n").map(String.init)
            #expect(lines.first == "User-agent: *")
            for rule in ["Disallow: /admin/", "Disallow: /api/", "Disallow: /*/account/"] { #expect(lines.contains(rule)) }
            #expect(!lines.contains("Disallow: /"), "the public site stays open")
            #expect(lines.last == "Sitemap: \(Self.base)/sitemap.xml")
        }
    }
}
