import Content
import Core
import Foundation
import Markup

/// The site's addresses for search engines, in the sitemaps.org format with every translation
/// named as an `xhtml:link` alternate, as Google reads them. Past `urlsPerFile` addresses the
/// sitemap becomes an index of numbered files.
struct Sitemap {
    struct Entry {
        /// Percent-encoded, from the site's root.
        let path: String
        let lastModified: Date?
        /// The same page in each language it is published in, itself included.
        let alternates: [SiteLocale: String]
    }

    /// The limit sitemaps.org sets on one file.
    static let urlsPerFile = 50_000

    /// Pages the application answers itself in every locale that search engines may index.
    static let builtInPaths = ["inquiry", "privacy/cookies"]

    let entries: [Entry]

    /// The CMS's live pages, each with its translations, and the built-in indexable pages.
    init(pages: [SitemapPage]) {
        var groups: [UUID: [SiteLocale: String]] = [:]
        for page in pages { groups[page.translationKey, default: [:]][page.locale] = ContentPageView.url(page.path).value }
        var entries = pages.map { page in
            Entry(path: ContentPageView.url(page.path).value, lastModified: page.lastPublishedAt, alternates: groups[page.translationKey] ?? [:])
        }
        for rest in Self.builtInPaths {
            let alternates = Dictionary(uniqueKeysWithValues: SiteLocale.allCases.map { ($0, "/\($0.rawValue)/\(rest)") })
            entries += SiteLocale.allCases.map { Entry(path: "/\($0.rawValue)/\(rest)", lastModified: nil, alternates: alternates) }
        }
        self.entries = entries
    }

    func fileCount(limit: Int) -> Int { max(1, (entries.count + limit - 1) / limit) }

    /// File `number` (1-based) of `limit` addresses each, or nil past the last.
    func urlset(file number: Int = 1, limit: Int, absolute: (String) -> String) -> String? {
        guard number >= 1, number <= fileCount(limit: limit) else { return nil }
        let slice = entries.dropFirst((number - 1) * limit).prefix(limit)
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        xml += #"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">"# + "\n"
        for entry in slice {
            xml += "<url><loc>\(XMLText.escaped(absolute(entry.path)))</loc>"
            if let date = entry.lastModified { xml += "<lastmod>\(date.formatted(.iso8601))</lastmod>" }
            // A page alone in its language has no alternates to name.
            if entry.alternates.count > 1 {
                for locale in SiteLocale.allCases {
                    guard let path = entry.alternates[locale] else { continue }
                    xml += #"<xhtml:link rel="alternate" hreflang="\#(locale.languageTag)" href="\#(XMLText.escaped(absolute(path)))"/>"#
                }
                if let fallback = Alternates.xDefault(entry.alternates) {
                    xml += #"<xhtml:link rel="alternate" hreflang="x-default" href="\#(XMLText.escaped(absolute(fallback)))"/>"#
                }
            }
            xml += "</url>\n"
        }
        return xml + "</urlset>\n"
    }

    /// The index of the numbered files, each dated by its newest page.
    func index(limit: Int, absolute: (String) -> String) -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        xml += #"<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">"# + "\n"
        for number in 1...fileCount(limit: limit) {
            let newest = entries.dropFirst((number - 1) * limit).prefix(limit).compactMap(\.lastModified).max()
            xml += "<sitemap><loc>\(XMLText.escaped(absolute("/sitemaps/\(number).xml")))</loc>"
            if let newest { xml += "<lastmod>\(newest.formatted(.iso8601))</lastmod>" }
            xml += "</sitemap>\n"
        }
        return xml + "</sitemapindex>\n"
    }
}
