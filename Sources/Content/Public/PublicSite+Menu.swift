import Core
import FluentKit
import Foundation

/// The pages every page of a locale links to: the home page, its sections (its live children, in
/// the editors' order) and the legal texts wherever they stand. Only pages visitors may read.
public struct SiteMenu: Sendable {
    public struct Link: Sendable, Equatable {
        public let title: String
        public let path: String
        public let type: String
    }

    public let locale: SiteLocale
    public let home: Link?
    public let sections: [Link]
    public let legal: [Link]

    public init(locale: SiteLocale, home: Link? = nil, sections: [Link] = [], legal: [Link] = []) {
        self.locale = locale
        self.home = home
        self.sections = sections
        self.legal = legal
    }

    /// The first section of a type: what the header's fixed entries ("Methods", "Costs") lead to.
    public func section(ofType type: String) -> Link? {
        sections.first { $0.type == type }
    }
}

extension PublicSite {
    /// One query of a few columns, whatever the size of the site.
    public func menu(_ locale: SiteLocale, on database: any Database, now: Date = Date()) async throws -> SiteMenu {
        let pages = try await PageRecord.query(on: database).filter(\.$locale == locale).readable(at: now)
            .group(.or) { $0.filter(\.$depth <= 2).filter(\.$type == PageTypes.legal.name) }
            .field(\.$id).field(\.$urlPath).field(\.$title).field(\.$type).field(\.$depth).field(\.$position)
            .sort(\.$depth).sort(\.$position).all()
        func link(_ page: PageRecord) -> SiteMenu.Link { SiteMenu.Link(title: page.title, path: page.urlPath, type: page.type) }
        let legal = pages.filter { $0.type == PageTypes.legal.name }
        return SiteMenu(locale: locale, home: pages.first { $0.depth == 1 }.map(link),
                        sections: pages.filter { $0.depth == 2 && $0.type != PageTypes.legal.name }.map(link),
                        legal: legal.map(link))
    }
}
