import Core
import FluentKit
import Foundation
import SQLKit

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
    /// One query of a few columns, whatever the size of the site. Every page asks for it, so it
    /// is read with SQLKit into plain rows: Fluent's model decoding tripled its cost.
    public func menu(_ locale: SiteLocale, on database: any Database, now: Date = Date()) async throws -> SiteMenu {
        struct Row: Decodable {
            let url_path: String
            let title: String
            let type: String
            let depth: Int
        }
        guard let sql = database as? any SQLDatabase else { throw MenuUnavailable() }
        let rows = try await sql.select().columns("url_path", "title", "type", "depth").from(PageRecord.schema)
            .where("locale", .equal, locale.rawValue).where("live", .equal, true)
            .where { $0.where("expire_at", .is, SQLLiteral.null).orWhere("expire_at", .greaterThan, now) }
            .where { $0.where("depth", .lessThanOrEqual, 2).orWhere("type", .equal, PageTypes.legal.name) }
            .orderBy("depth").orderBy("position").all(decoding: Row.self)
        func link(_ row: Row) -> SiteMenu.Link { SiteMenu.Link(title: row.title, path: row.url_path, type: row.type) }
        let legal = PageTypes.legal.name
        return SiteMenu(locale: locale, home: rows.first { $0.depth == 1 }.map(link),
                        sections: rows.filter { $0.depth == 2 && $0.type != legal }.map(link),
                        legal: rows.filter { $0.type == legal }.map(link))
    }
}

/// The database is not one SQLKit speaks to (every engine we run is).
struct MenuUnavailable: Error {}
