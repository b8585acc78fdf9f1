import Core
import FluentKit
import Foundation

/// A page as a sitemap lists it: its address, its language, the pages it translates, and when it
/// last went live.
public struct SitemapPage: Sendable {
    public let locale: SiteLocale
    public let path: String
    public let translationKey: UUID
    public let lastPublishedAt: Date?
}

extension PublicSite {
    /// Every page a visitor may read now, in path order. One query, of the columns a sitemap needs.
    public func sitemapPages(on database: any Database, now: Date = Date()) async throws -> [SitemapPage] {
        try await PageRecord.query(on: database).readable(at: now)
            .field(\.$id).field(\.$urlPath).field(\.$locale).field(\.$translationKey).field(\.$lastPublishedAt)
            .sort(\.$urlPath).all()
            .map { SitemapPage(locale: $0.locale, path: $0.urlPath, translationKey: $0.translationKey, lastPublishedAt: $0.lastPublishedAt) }
    }
}
