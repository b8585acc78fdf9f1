import Content
import Core
import Foundation
import HTTPSupport
import Markup
import Vapor

/// `/{locale}/…`: the live page at that path, or its redirect (301) or a 410 for a page removed
/// on purpose. Routes the application answers itself (`/en/inquiry/`, …) match before this one.
public struct ContentRoutes: RouteCollection, Sendable {
    /// How long browsers and caches may keep a page: short, since a publication should show soon.
    static let maxAge = 60

    public init() {}

    public func boot(routes: any RoutesBuilder) throws {
        routes.get(":locale", use: page)
        routes.get(":locale", "**", use: page)
    }

    @Sendable
    func page(req: Request) async throws -> Response {
        let locale = try req.requireLocaleParameter()
        let segments = req.url.path.split(separator: "/", omittingEmptySubsequences: true)
            .map { ($0.removingPercentEncoding ?? String($0)).precomposedStringWithCanonicalMapping }
        let path = "/" + segments.joined(separator: "/") + "/"
        let listingPage = req.query[Int.self, at: "page"] ?? 1
        let version = req.query[Int.self, at: "version"]
        switch try await req.application.publicSite.lookup(path, listingPage: listingPage, version: version, on: req.db) {
        case .page where !req.url.path.hasSuffix("/") && segments.count > 1:
            // One address per page: with its trailing slash.
            return Self.redirect(to: path, query: req.url.query)
        case .page(let live):
            var alternates: [SiteLocale: String] = [locale: ContentPageView.url(live.page.urlPath).value]
            for translation in live.translations { alternates[translation.locale] = ContentPageView.url(translation.urlPath).value }
            // An earlier version of a legal text stays readable, but search engines index the current one.
            let chrome = PageChrome(localizer: req.localizer(locale), context: req.webContext, alternates: alternates, indexable: !live.isEarlierVersion,
                                     usesHTMX: ContentPageView.usesHTMX(live), menu: req.siteMenu(for: locale))
            let response = Response.html(ContentPageView(live, chrome: chrome, question: CostQuestion(query: req.url.query)))
            response.markPublic(maxAge: Self.maxAge)
            return response
        case .redirect(let target):
            return Self.redirect(to: target, status: .movedPermanently)
        case .gone:
            throw Abort(.gone)
        case .notFound:
            // Until an editor publishes a home page, the locale's home is the built-in one.
            if segments.count == 1 {
                let response = Response.html(HomePage(chrome: req.chrome(locale, path: "")))
                response.markPublic(maxAge: 300)
                return response
            }
            throw Abort(.notFound)
        }
    }

    static func redirect(to path: String, query: String? = nil, status: HTTPResponseStatus = .movedPermanently) -> Response {
        let response = Response(status: status)
        var location = ContentPageView.url(path).value
        if let query, !query.isEmpty, let safe = SafeURL(location + "?" + query) { location = safe.value }
        response.headers.replaceOrAdd(name: .location, value: location)
        return response
    }
}
