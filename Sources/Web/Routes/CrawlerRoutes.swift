import Content
import Core
import Foundation
import Vapor

/// What search engines read first: `/robots.txt`, and `/sitemap.xml` with every live page and
/// its translations (an index of `/sitemaps/N.xml` once the site passes one file's limit).
public struct CrawlerRoutes: RouteCollection, Sendable {
    /// Sitemaps change with publications only; an hour is soon enough for a crawler.
    static let maxAge = 3600
    static let xml = "application/xml; charset=utf-8"

    public init() {}

    public func boot(routes: any RoutesBuilder) throws {
        routes.get("robots.txt", use: robots)
        routes.get("sitemap.xml", use: sitemap)
        routes.get("sitemaps", ":file", use: sitemapFile)
    }

    @Sendable
    func robots(req: Request) -> Response {
        // Staff, patients' accounts and the API are for people signed in, never for an index;
        // locale-prefixed private pages are matched with RFC 9309's `*`.
        let lines = [
            "User-agent: *",
            "Disallow: /admin/",
            "Disallow: /api/",
            "Disallow: /*/account/",
            "Disallow: /*/inquiry/sent",
            "Disallow: /*/inquiry/account",
            "Disallow: /*/uploads/",
            "Disallow: /*/styleguide",
            "",
            "Sitemap: " + req.webContext.absoluteURL("/sitemap.xml"),
        ]
        return Self.text(lines.joined(separator: "\n") + "\n", type: "text/plain; charset=utf-8")
    }

    @Sendable
    func sitemap(req: Request) async throws -> Response {
        let map = try await load(req)
        let limit = req.application.sitemapURLLimit
        let absolute = req.webContext.absoluteURL
        if map.fileCount(limit: limit) > 1 {
            return Self.text(map.index(limit: limit, absolute: absolute), type: Self.xml)
        }
        return Self.text(map.urlset(limit: limit, absolute: absolute) ?? "", type: Self.xml)
    }

    @Sendable
    func sitemapFile(req: Request) async throws -> Response {
        guard let file = req.parameters.get("file"), file.hasSuffix(".xml"), let number = Int(file.dropLast(4)) else { throw Abort(.notFound) }
        let map = try await load(req)
        let limit = req.application.sitemapURLLimit
        // Numbered files exist only while the sitemap is an index.
        guard map.fileCount(limit: limit) > 1,
              let xml = map.urlset(file: number, limit: limit, absolute: req.webContext.absoluteURL) else { throw Abort(.notFound) }
        return Self.text(xml, type: Self.xml)
    }

    func load(_ req: Request) async throws -> Sitemap {
        Sitemap(pages: try await req.application.publicSite.sitemapPages(on: req.db))
    }

    static func text(_ body: String, type: String) -> Response {
        let response = Response(status: .ok, body: .init(string: body))
        response.headers.replaceOrAdd(name: .contentType, value: type)
        response.markPublic(maxAge: maxAge)
        return response
    }
}

extension Application {
    private struct SitemapURLLimitKey: StorageKey { typealias Value = Int }

    /// Addresses per sitemap file; tests lower it to see the index without 50,000 pages.
    public var sitemapURLLimit: Int {
        get { storage[SitemapURLLimitKey.self] ?? Sitemap.urlsPerFile }
        set { storage[SitemapURLLimitKey.self] = newValue }
    }
}
