import Content
import Core
import HTTPSupport
import Vapor

/// Reads the site's menu for the locale a page is in (the first segment of its path) before the
/// page is made, so the header and footer link to the clinic's real pages in that language: also
/// for a form sent back with its errors. Staff pages, in no locale, read nothing.
public struct SiteMenuMiddleware: AsyncMiddleware {
    public init() {}

    public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let first = request.url.path.split(separator: "/").first, let locale = SiteLocale(pathSegment: String(first)) {
            request.storage[SiteMenuKey.self] = try await request.application.publicSite.menu(locale, on: request.db)
        }
        return try await next.respond(to: request)
    }
}

private struct SiteMenuKey: StorageKey { typealias Value = SiteMenu }

extension Request {
    /// The menu read for this request, when it is in `locale`.
    public func siteMenu(for locale: SiteLocale) -> SiteMenu? {
        storage[SiteMenuKey.self].flatMap { $0.locale == locale ? $0 : nil }
    }
}
