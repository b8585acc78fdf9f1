import Audit
import Core
import FluentKit
import Foundation
import SQLKit

/// Why a change to the tree was refused.
public enum PageTreeError: DomainError, Equatable {
    case notFound
    case intoItsOwnSubtree
    case rootCannotMove
    case rootExists

    public var kind: ErrorKind {
        switch self {
        case .notFound: .notFound
        case .intoItsOwnSubtree, .rootCannotMove, .rootExists: .conflict
        }
    }

    public var messageKey: String {
        switch self {
        case .notFound: msgid("This page does not exist, or it was deleted.")
        case .intoItsOwnSubtree: msgid("A page cannot be moved under itself or under one of its own pages.")
        case .rootCannotMove: msgid("The home page stays at the top of its language's site.")
        case .rootExists: msgid("This language already has a home page.")
        }
    }
}

/// Each locale's page tree: adding, moving and reordering pages, and the three reads a site
/// needs (children, ancestors, a subtree), each one indexed query. Changes to one locale's tree
/// are serialised (on PostgreSQL by an advisory lock, on SQLite by its one writer), so two
/// editors moving pages at once can never make a loop or lose a page.
public struct PageTree: Sendable {
    public let audit: AuditTrail
    static let stepLength = 4
    static let digits = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".unicodeScalars)
    /// First segments of `/{locale}/…` the application answers itself.
    public static let reservedSlugs: Set<String> = ["account", "inquiry", "privacy", "styleguide", "uploads", "search", "api", "admin", "media", "images", "static"]

    public init(audit: AuditTrail) {
        self.audit = audit
    }

    static func resource(_ id: UUID) -> AuditResource {
        AuditResource(type: "page", id: id.uuidString.lowercased())
    }

    /// A locale's home page: the root of its tree, at `/{locale}/`.
    public func addRoot(locale: SiteLocale, type: String, title: String, by user: UUID, origin: AuditOrigin, on database: any Database,
                        now: Date = Date()) async throws -> PageRecord {
        try await database.writeTransaction { db in
            try await Self.lock(locale, on: db)
            guard try await PageRecord.query(on: db).filter(\.$locale == locale).filter(\.$parentID == nil).first() == nil else {
                throw PageTreeError.rootExists
            }
            let step = try await Self.nextStep(under: nil, on: db)
            let page = Self.page(locale: locale, parent: nil, path: step, depth: 1, position: 0, slug: "", urlPath: "/\(locale.rawValue)/",
                                 type: type, title: title, now: now)
            try await page.create(on: db)
            try await audit.append(AuditEvent(actor: .user(user.uuidString.lowercased()), action: "page.create", resource: Self.resource(try page.requireID()),
                                              origin: origin, detail: ["locale": .string(locale.rawValue), "type": .string(type)]), on: db, at: now)
            return page
        }
    }

    /// A new page, the last child of `parentID`. The slug is normalised for the locale and must be
    /// free among its siblings (and not one the application answers at the top).
    public func addChild(under parentID: UUID, slug raw: String, type: String, title: String, translationKey: UUID? = nil, by user: UUID,
                         origin: AuditOrigin, on database: any Database, now: Date = Date()) async throws -> PageRecord {
        try await database.writeTransaction { db in
            guard let parent = try await PageRecord.find(parentID, on: db) else { throw PageTreeError.notFound }
            try await Self.lock(parent.locale, on: db)
            let slug = try await Self.freeSlug(raw, under: parent, excluding: nil, on: db)
            let step = try await Self.nextStep(under: parent, on: db)
            let position = try await PageRecord.query(on: db).filter(\.$parentID == parentID).count()
            let page = Self.page(locale: parent.locale, parent: parentID, path: parent.path + step, depth: parent.depth + 1, position: position,
                                 slug: slug.value, urlPath: parent.urlPath + slug.value + "/", type: type, title: title, now: now)
            if let translationKey { page.translationKey = translationKey }
            try await page.create(on: db)
            try await Redirects.pageArrived(at: page.urlPath, on: db)
            try await audit.append(AuditEvent(actor: .user(user.uuidString.lowercased()), action: "page.create", resource: Self.resource(try page.requireID()),
                                              origin: origin, detail: ["parent": .string(parentID.uuidString.lowercased()), "type": .string(type)]),
                                   on: db, at: now)
            return page
        }
    }

    /// Moves a page and everything under it to be a child of `newParentID`, at `position` among
    /// its new siblings (the end when nil or past it). Its URL and every URL under it follow.
    public func move(_ id: UUID, under newParentID: UUID, at position: Int? = nil, by user: UUID, origin: AuditOrigin, on database: any Database,
                     now: Date = Date()) async throws {
        try await database.writeTransaction { db in
            guard let first = try await PageRecord.find(id, on: db) else { throw PageTreeError.notFound }
            try await Self.lock(first.locale, on: db)
            // Read again under the lock: another move may have changed it while this one waited.
            guard let page = try await PageRecord.find(id, on: db), let parent = try await PageRecord.find(newParentID, on: db),
                  parent.locale == page.locale else { throw PageTreeError.notFound }
            guard let oldParentID = page.parentID else { throw PageTreeError.rootCannotMove }
            guard !parent.path.hasPrefix(page.path) else { throw PageTreeError.intoItsOwnSubtree }
            if oldParentID == newParentID {
                try await Self.place(page, at: position, on: db)
            } else {
                let slug = try await Self.freeSlug(page.slug, under: parent, excluding: id, on: db)
                let step = try await Self.nextStep(under: parent, on: db)
                let oldPath = page.path, oldURL = page.urlPath
                let newPath = parent.path + step, newURL = parent.urlPath + slug.value + "/"
                let moving = try await subtree(of: page, on: db)
                try await Self.rebase(from: oldPath, oldURL, to: newPath, newURL, depthChange: parent.depth + 1 - page.depth, on: db)
                try await Self.redirect(moving, from: oldURL, to: newURL, locale: page.locale, on: db, now: now)
                try await PageRecord.query(on: db).filter(\.$id == id).set(\.$parentID, to: newParentID)
                    .set(\.$position, to: Int.max / 2).set(\.$updatedAt, to: now).update()
                try await Self.renumber(childrenOf: oldParentID, on: db)
                guard let moved = try await PageRecord.find(id, on: db) else { throw PageTreeError.notFound }
                try await Self.place(moved, at: position, on: db)
            }
            try await audit.append(AuditEvent(actor: .user(user.uuidString.lowercased()), action: "page.move", resource: Self.resource(id), origin: origin,
                                              detail: ["from": .string(oldParentID.uuidString.lowercased()), "to": .string(newParentID.uuidString.lowercased()),
                                                       "position": position.map { .int(Int64($0)) } ?? .null]), on: db, at: now)
        }
    }

    /// Gives a page a new slug; its URL and every URL under it follow, and the old ones of pages
    /// that were ever published redirect to the new.
    public func changeSlug(_ id: UUID, to raw: String, by user: UUID, origin: AuditOrigin, on database: any Database, now: Date = Date()) async throws {
        try await database.writeTransaction { db in
            guard let first = try await PageRecord.find(id, on: db) else { throw PageTreeError.notFound }
            try await Self.lock(first.locale, on: db)
            guard let page = try await PageRecord.find(id, on: db) else { throw PageTreeError.notFound }
            guard let parentID = page.parentID, let parent = try await PageRecord.find(parentID, on: db) else { throw PageTreeError.rootCannotMove }
            let slug = try await Self.freeSlug(raw, under: parent, excluding: id, on: db)
            guard slug.value != page.slug else { return }
            let oldURL = page.urlPath, newURL = parent.urlPath + slug.value + "/"
            let moving = try await subtree(of: page, on: db)
            try await Self.rebase(from: page.path, oldURL, to: page.path, newURL, depthChange: 0, on: db)
            try await PageRecord.query(on: db).filter(\.$id == id).set(\.$slug, to: slug.value).set(\.$updatedAt, to: now).update()
            try await Self.redirect(moving, from: oldURL, to: newURL, locale: page.locale, on: db, now: now)
            try await audit.append(AuditEvent(actor: .user(user.uuidString.lowercased()), action: "page.slug", resource: Self.resource(id), origin: origin,
                                              detail: ["from": .string(page.slug), "to": .string(slug.value)]), on: db, at: now)
        }
    }

    /// Every old URL of a subtree that visitors may have (its pages ever published) leads to its
    /// new one, so links and search results keep working; a redirect at a new URL goes.
    static func redirect(_ pages: [PageRecord], from oldURL: String, to newURL: String, locale: SiteLocale, on db: any Database, now: Date) async throws {
        for page in pages {
            let moved = newURL + page.urlPath.dropFirst(oldURL.count)
            try await Redirects.pageArrived(at: moved, on: db)
            if page.firstPublishedAt != nil {
                try await Redirects.add(from: page.urlPath, to: moved, locale: locale, by: nil, on: db, now: now)
            }
        }
    }

    // MARK: Reads

    public func children(of id: UUID, on database: any Database) async throws -> [PageRecord] {
        try await PageRecord.query(on: database).filter(\.$parentID == id).sort(\.$position).all()
    }

    /// From the root down to the page's parent.
    public func ancestors(of page: PageRecord, on database: any Database) async throws -> [PageRecord] {
        let prefixes = stride(from: Self.stepLength, to: page.path.count, by: Self.stepLength).map { String(page.path.prefix($0)) }
        guard !prefixes.isEmpty else { return [] }
        return try await PageRecord.query(on: database).filter(\.$path ~~ prefixes).sort(\.$depth).all()
    }

    /// The page and everything under it, each parent before its children.
    public func subtree(of page: PageRecord, on database: any Database) async throws -> [PageRecord] {
        // Every path in the subtree starts with the page's and sorts below the same prefix followed
        // by a character past the alphabet: one range of the path index.
        try await PageRecord.query(on: database).filter(\.$path >= page.path).filter(\.$path < page.path + "~").sort(\.$path).all()
    }

    /// The page answering `urlPath` (`/en/methods/`), if any.
    public func page(at urlPath: String, on database: any Database) async throws -> PageRecord? {
        try await PageRecord.query(on: database).filter(\.$urlPath == urlPath).first()
    }

    // MARK: Inside a change

    /// Serialises changes to one locale's tree.
    static func lock(_ locale: SiteLocale, on db: TransactionDatabase) async throws {
        if db.dialect.name == "postgresql" {
            try await db.raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: "content-tree:" + locale.rawValue)))").run()
        }
    }

    static func page(locale: SiteLocale, parent: UUID?, path: String, depth: Int, position: Int, slug: String, urlPath: String, type: String,
                     title: String, now: Date) -> PageRecord {
        let page = PageRecord()
        page.id = UUID()
        page.locale = locale
        page.parentID = parent
        page.path = path
        page.depth = depth
        page.position = position
        page.slug = slug
        page.urlPath = urlPath
        page.type = type
        page.title = title
        page.translationKey = UUID()
        page.live = false
        page.createdAt = now
        page.updatedAt = now
        return page
    }

    /// The step after the last one used under `parent` (or among roots).
    static func nextStep(under parent: PageRecord?, on db: any Database) async throws -> String {
        let siblings = PageRecord.query(on: db)
        if let parent { siblings.filter(\.$parentID == parent.id) } else { siblings.filter(\.$parentID == nil) }
        let last = try await siblings.sort(\.$path, .descending).first()?.path
        let value = last.map { decode(String($0.suffix(stepLength))) + 1 } ?? 0
        return encode(value)
    }

    static func encode(_ value: Int) -> String {
        var remaining = value
        var scalars: [Unicode.Scalar] = []
        for _ in 0..<stepLength {
            scalars.append(digits[remaining % digits.count])
            remaining /= digits.count
        }
        return String(String.UnicodeScalarView(scalars.reversed()))
    }

    static func decode(_ step: String) -> Int {
        step.unicodeScalars.reduce(0) { $0 * digits.count + (digits.firstIndex(of: $1) ?? 0) }
    }

    static func freeSlug(_ raw: String, under parent: PageRecord, excluding id: UUID?, on db: any Database) async throws -> Slug {
        guard let slug = Slug(raw, locale: parent.locale) else {
            throw ValidationFailure(["slug": msgid("Enter a slug: letters, digits and hyphens, in any script.")])
        }
        if parent.parentID == nil, reservedSlugs.contains(slug.value) {
            throw ValidationFailure(["slug": msgid("This slug is taken by a part of the site itself. Choose another.")])
        }
        let taken = try await PageRecord.query(on: db).filter(\.$urlPath == parent.urlPath + slug.value + "/").first()
        if let taken, taken.id != id {
            throw ValidationFailure(["slug": msgid("Another page here already has this slug.")])
        }
        return slug
    }

    /// Rewrites the paths and URLs of a subtree in one statement each.
    static func rebase(from oldPath: String, _ oldURL: String, to newPath: String, _ newURL: String, depthChange: Int,
                       on db: TransactionDatabase) async throws {
        try await db.raw("""
            UPDATE pages SET path = \(bind: newPath) || SUBSTR(path, CAST(\(bind: oldPath.count + 1) AS INTEGER)),
                             url_path = \(bind: newURL) || SUBSTR(url_path, CAST(\(bind: oldURL.unicodeScalars.count + 1) AS INTEGER)),
                             depth = depth + CAST(\(bind: depthChange) AS INTEGER)
            WHERE path >= \(bind: oldPath) AND path < \(bind: oldPath + "~")
            """).run()
    }

    /// Puts `page` at `position` among its siblings and numbers them 0, 1, 2, … again.
    static func place(_ page: PageRecord, at position: Int?, on db: any Database) async throws {
        guard let parentID = page.parentID else { return }
        var siblings = try await PageRecord.query(on: db).filter(\.$parentID == parentID).sort(\.$position).sort(\.$path).all()
            .filter { $0.id != page.id }
        siblings.insert(page, at: min(max(position ?? siblings.count, 0), siblings.count))
        try await number(siblings, on: db)
    }

    static func renumber(childrenOf parentID: UUID, on db: any Database) async throws {
        try await number(try await PageRecord.query(on: db).filter(\.$parentID == parentID).sort(\.$position).sort(\.$path).all(), on: db)
    }

    /// Gives `siblings` the positions 0, 1, 2, … in their order, writing only those that change.
    private static func number(_ siblings: [PageRecord], on db: any Database) async throws {
        for (index, sibling) in siblings.enumerated() where sibling.position != index {
            try await PageRecord.query(on: db).filter(\.$id == sibling.id!).set(\.$position, to: index).update()
        }
    }
}
