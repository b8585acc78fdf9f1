import Core
import FluentKit
import Foundation
import Media

/// A live page with everything its view shows, read in a fixed number of queries whatever the
/// size of the site: the page with its live revision (one), its ancestors and translations
/// (one), then only what it uses: its images (four), its snippets (one), an index's listing (two),
/// its original's revisions for a translation (one), its reviewer for a reviewed page (one).
public struct LivePage: Sendable {
    public struct Listing: Sendable {
        public let pages: [(page: PageRecord, content: PageContent)]
        /// 1-based.
        public let number: Int
        public let pageCount: Int
        /// How many pages the whole listing has.
        public let count: Int
    }

    public let page: PageRecord
    public let revision: PageRevisionRecord
    public let content: PageContent
    public let type: PageTypeDeclaration
    /// From the home page down to the parent; only live ones.
    public let ancestors: [PageRecord]
    /// The same page live in other locales.
    public let translations: [PageRecord]
    /// Its live children in their order, for pages that are not indexes (an index lists its own).
    public let children: [PageRecord]
    /// For a legal text: every revision that has been live, newest first, each linkable (the
    /// page shows `revision` when an earlier one was asked for).
    public let versions: [PageRevisionRecord]
    /// Whether `revision` is an earlier version than the live one.
    public var isEarlierVersion: Bool { revision.id != page.liveRevisionID }
    /// The images it may show in its locale now; an image absent here is left out.
    public let images: [UUID: PublicImage]
    public let snippets: [UUID: SnippetRecord]
    public let listing: Listing?
    /// For a translation: its original, when that has published since the translation was made.
    public let newerSource: NewerSource?
    /// Its last medical review.
    public let review: PageReview?
    /// On the pages that present the clinic (the home page and the contact page itself): the
    /// locale's contact page, whose address, telephone and hours describe the clinic.
    public let clinicContact: PageContent?
    /// For a page with the cost calculator: the newest rate of each pair of currencies.
    public let rates: [CurrencyRate]
}

/// What the public router answers for a path.
public enum PublicLookup: Sendable {
    case page(LivePage)
    case redirect(to: String)
    /// Removed on purpose, unpublished, or past its end.
    case gone
    case notFound
}

/// The public site's reads: what anonymous visitors may see is what is live, and nothing else.
public struct PublicSite: Sendable {
    public let media: MediaLibrary

    public init(media: MediaLibrary) {
        self.media = media
    }

    /// The live page at `path` (`/en/methods/nail/`), or a redirect, or why not. `listingPage`
    /// is the page of an index's listing to show (1-based).
    /// `version` asks a legal text for an earlier published revision (its number).
    public func lookup(_ path: String, listingPage: Int = 1, version: Int? = nil, on database: any Database, now: Date = Date()) async throws -> PublicLookup {
        let found = try await PageRecord.query(on: database).filter(\.$urlPath == path)
            .join(PageRevisionRecord.self, on: \PageRecord.$liveRevisionID == \PageRevisionRecord.$id, method: .left).first()
        guard let page = found else {
            guard let redirect = try await Redirects.resolve(path, on: database) else { return .notFound }
            return redirect.newPath.map { .redirect(to: $0) } ?? .gone
        }
        guard page.isReadable(at: now), let live = try? page.joined(PageRevisionRecord.self),
              let type = PageTypes.declaration(page.type) else {
            return page.firstPublishedAt == nil ? .notFound : .gone
        }
        var revision = live
        var versions: [PageRevisionRecord] = []
        if type.name == PageTypes.legal.name {
            versions = try await PageRevisionRecord.query(on: database).filter(\.$pageID == page.requireID()).filter(\.$publishedAt != nil)
                .sort(\.$number, .descending).all()
            if let version {
                guard let earlier = versions.first(where: { $0.number == version }) else { return .notFound }
                revision = earlier
            }
        }
        return .page(try await assemble(page, revision: revision, type: type, versions: versions, listingPage: listingPage, on: database, now: now))
    }

    /// Everything a view shows of `page` with the content of `revision`: the live one for
    /// visitors, a draft for an editor's preview.
    func assemble(_ page: PageRecord, revision: PageRevisionRecord, type: PageTypeDeclaration, versions: [PageRevisionRecord], listingPage: Int,
                  on database: any Database, now: Date) async throws -> LivePage {
        let content = revision.content
        let prefixes = stride(from: PageTree.stepLength, to: page.path.count, by: PageTree.stepLength).map { String(page.path.prefix($0)) }
        let pageID = try page.requireID()
        // Ancestors, translations and (outside indexes) children: one query.
        let related = try await PageRecord.query(on: database).group(.or) { either in
            if !prefixes.isEmpty { either.filter(\.$path ~~ prefixes) }
            either.group(.and) { same in same.filter(\.$translationKey == page.translationKey).filter(\.$live == true) }
            if type.lists == nil { either.group(.and) { below in below.filter(\.$parentID == pageID).filter(\.$live == true) } }
        }.all()
        // Neither the trail, nor the translations, nor the children link to a page visitors cannot read.
        let visible = related.filter { $0.isReadable(at: now) }
        // A draft between the home page and this one is left out of the trail rather than linked to a 404.
        let ancestors = visible.filter { prefixes.contains($0.path) }.sorted { $0.depth < $1.depth }
        let translations = visible.filter { $0.translationKey == page.translationKey && $0.id != pageID && $0.locale != page.locale }
            .sorted { $0.locale.rawValue < $1.locale.rawValue }
        let children = type.lists == nil ? visible.filter { $0.parentID == pageID }.sorted { $0.position < $1.position } : []

        var snippets: [UUID: SnippetRecord] = [:]
        let snippetIDs = revision.snippetIDs
        if !snippetIDs.isEmpty {
            for snippet in try await SnippetRecord.query(on: database).filter(\.$id ~~ snippetIDs).filter(\.$locale == page.locale).all() {
                snippets[try snippet.requireID()] = snippet
            }
        }
        var listing: LivePage.Listing?
        if let lists = type.lists {
            let listed = PageRecord.query(on: database).filter(\.$parentID == pageID).filter(\.$type == lists.type).readable(at: now)
            let count = try await listed.copy().count()
            let pageCount = max(1, (count + lists.pageSize - 1) / lists.pageSize)
            let number = min(max(listingPage, 1), pageCount)
            let rows = try await listed
                .join(PageRevisionRecord.self, on: \PageRecord.$liveRevisionID == \PageRevisionRecord.$id)
                .sort(\.$firstPublishedAt, .descending).sort(\.$id)
                .range((number - 1) * lists.pageSize..<number * lists.pageSize).all()
            listing = LivePage.Listing(pages: try rows.map { ($0, try $0.joined(PageRevisionRecord.self).content) }, number: number,
                                       pageCount: pageCount, count: count)
        }
        let assetIDs = Pages.unique(revision.assetIDs + snippets.values.flatMap(\.assetIDs)
                                    + (listing?.pages.compactMap { $0.content.fields["hero_image"]?.stringValue.flatMap(UUID.init(uuidString:)) } ?? []))
        let images = try await media.publicImages(assetIDs, locale: page.locale, on: database, now: now)
        return LivePage(page: page, revision: revision, content: content, type: type, ancestors: ancestors, translations: translations,
                        children: children, versions: versions, images: images, snippets: snippets, listing: listing,
                        newerSource: try await newerSource(of: revision, among: translations, on: database),
                        review: try await review(of: page, on: database),
                        clinicContact: type.name == PageTypes.contact.name ? content
                            : type.isRoot ? try await contactPage(page.locale, on: database, now: now) : nil,
                        rates: content.blocks.contains { $0.kind == BlockKinds.costCalculator.kind } ? try await currencyRates(on: database) : [])
    }

    /// Every rate editors keep, whatever the language they kept it in: one query.
    func currencyRates(on database: any Database) async throws -> [CurrencyRate] {
        CurrencyRate.latest(try await SnippetRecord.query(on: database).filter(\.$kind == .currencyRate).all().compactMap { CurrencyRate(fields: $0.fields) })
    }

    /// The content of the locale's first readable contact page: one query.
    func contactPage(_ locale: SiteLocale, on database: any Database, now: Date) async throws -> PageContent? {
        try await PageRecord.query(on: database).filter(\.$locale == locale).filter(\.$type == PageTypes.contact.name).readable(at: now)
            .join(PageRevisionRecord.self, on: \PageRecord.$liveRevisionID == \PageRevisionRecord.$id)
            .sort(\.$depth).sort(\.$path).first()?.joined(PageRevisionRecord.self).content
    }
}
