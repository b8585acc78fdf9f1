@testable import App
import Audit
@testable import Content
import Core
import FluentKit
import Foundation
import Testing
import TestSupport

/// Each locale's page tree on both engines: building it, the three reads, moves and reordering,
/// what is refused, and concurrent moves that must leave it whole.
@Suite("The page tree")
struct PageTreeTests {
    static let editor = UUID()
    static let origin = AuditOrigin(clientIP: "198.51.100.7")

    /// Every page agrees with its parent: path, depth and URL, and siblings are numbered 0, 1, 2, ….
    static func checkConsistent(_ db: any Database, locale: SiteLocale = .en) async throws {
        let pages = try await PageRecord.query(on: db).filter(\.$locale == locale).all()
        let byID = Dictionary(uniqueKeysWithValues: pages.map { ($0.id!, $0) })
        for page in pages {
            #expect(page.path.count == page.depth * PageTree.stepLength, "\(page.urlPath): path \(page.path) at depth \(page.depth)")
            guard let parentID = page.parentID else {
                #expect(page.depth == 1 && page.urlPath == "/\(locale.rawValue)/")
                continue
            }
            let parent = try #require(byID[parentID], "\(page.urlPath) has no parent")
            #expect(page.path.hasPrefix(parent.path) && page.depth == parent.depth + 1, "\(page.urlPath) is not under \(parent.urlPath)")
            #expect(page.urlPath == parent.urlPath + page.slug + "/")
        }
        for (_, siblings) in Dictionary(grouping: pages.filter { $0.parentID != nil }, by: { $0.parentID! }) {
            #expect(siblings.map(\.position).sorted() == Array(0..<siblings.count), "positions \(siblings.map(\.position))")
        }
    }

    @Test("a tree is built, read in one query each, moved and reordered; every URL follows", arguments: TestDatabase.allCases)
    func buildAndMove(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let tree = PageTree(audit: app.auditTrail)
            let home = try await tree.addRoot(locale: .en, type: "HomePage", title: "Hills Clinic", by: Self.editor, origin: Self.origin, on: app.db)
            let methods = try await tree.addChild(under: home.requireID(), slug: "Methods", type: "IndexPage", title: "Methods", by: Self.editor,
                                                  origin: Self.origin, on: app.db)
            let nails = try await tree.addChild(under: methods.requireID(), slug: "Internal nails", type: "MethodPage", title: "Internal nails",
                                                by: Self.editor, origin: Self.origin, on: app.db)
            let frames = try await tree.addChild(under: methods.requireID(), slug: "ilizarov-frame", type: "MethodPage", title: "Ilizarov frame",
                                                 by: Self.editor, origin: Self.origin, on: app.db)
            let recovery = try await tree.addChild(under: nails.requireID(), slug: "recovery", type: "ArticlePage", title: "Recovery",
                                                   by: Self.editor, origin: Self.origin, on: app.db)
            #expect(nails.urlPath == "/en/methods/internal-nails/" && recovery.urlPath == "/en/methods/internal-nails/recovery/")
            #expect(try await tree.children(of: methods.requireID(), on: app.db).map(\.slug) == ["internal-nails", "ilizarov-frame"])
            #expect(try await tree.ancestors(of: recovery, on: app.db).map(\.slug) == ["", "methods", "internal-nails"])
            #expect(try await tree.subtree(of: methods, on: app.db).map(\.slug) == ["methods", "internal-nails", "recovery", "ilizarov-frame"])
            #expect(try await tree.page(at: "/en/methods/ilizarov-frame/", on: app.db)?.id == frames.id)

            // Reordered among its siblings.
            try await tree.move(frames.requireID(), under: methods.requireID(), at: 0, by: Self.editor, origin: Self.origin, on: app.db)
            #expect(try await tree.children(of: methods.requireID(), on: app.db).map(\.slug) == ["ilizarov-frame", "internal-nails"])

            // Moved to the top with what is under it, first among the home page's children.
            try await tree.move(nails.requireID(), under: home.requireID(), at: 0, by: Self.editor, origin: Self.origin, on: app.db)
            #expect(try await tree.children(of: home.requireID(), on: app.db).map(\.slug) == ["internal-nails", "methods"])
            let movedRecovery = try #require(try await tree.page(at: "/en/internal-nails/recovery/", on: app.db))
            #expect(movedRecovery.id == recovery.id && movedRecovery.depth == 3)
            #expect(try await tree.page(at: "/en/methods/internal-nails/recovery/", on: app.db) == nil)
            #expect(try await tree.children(of: methods.requireID(), on: app.db).map(\.slug) == ["ilizarov-frame"])
            try await Self.checkConsistent(app.db)
            let actions = try await AuditTrail.latest(10, on: app.db).map(\.action)
            #expect(actions.filter { $0 == "page.move" }.count == 2 && actions.contains("page.create"))
        }
    }

    @Test("what the tree refuses: a loop, moving the home page, a second home page, a slug taken or reserved, a slug of nothing",
          arguments: TestDatabase.allCases)
    func refusals(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let tree = PageTree(audit: app.auditTrail)
            let home = try await tree.addRoot(locale: .fa, type: "HomePage", title: "کلینیک هیلز", by: Self.editor, origin: Self.origin, on: app.db)
            let methods = try await tree.addChild(under: home.requireID(), slug: "روشها", type: "IndexPage", title: "روش‌ها", by: Self.editor,
                                                  origin: Self.origin, on: app.db)
            let nails = try await tree.addChild(under: methods.requireID(), slug: "ميله", type: "MethodPage", title: "میله", by: Self.editor,
                                                origin: Self.origin, on: app.db)
            #expect(nails.slug == "میله", "Persian yeh in the stored slug")
            await #expect(throws: PageTreeError.intoItsOwnSubtree) {
                try await tree.move(methods.requireID(), under: nails.requireID(), by: Self.editor, origin: Self.origin, on: app.db)
            }
            await #expect(throws: PageTreeError.intoItsOwnSubtree) {
                try await tree.move(methods.requireID(), under: methods.requireID(), by: Self.editor, origin: Self.origin, on: app.db)
            }
            await #expect(throws: PageTreeError.rootCannotMove) {
                try await tree.move(home.requireID(), under: methods.requireID(), by: Self.editor, origin: Self.origin, on: app.db)
            }
            await #expect(throws: PageTreeError.rootExists) {
                _ = try await tree.addRoot(locale: .fa, type: "HomePage", title: "x", by: Self.editor, origin: Self.origin, on: app.db)
            }
            // The Arabic spelling of the same word is the same slug in Persian.
            await #expect(throws: ValidationFailure.self) {
                _ = try await tree.addChild(under: methods.requireID(), slug: "میله", type: "MethodPage", title: "x", by: Self.editor,
                                            origin: Self.origin, on: app.db)
            }
            await #expect(throws: ValidationFailure(["slug": "This slug is taken by a part of the site itself. Choose another."])) {
                _ = try await tree.addChild(under: home.requireID(), slug: "Account", type: "LegalPage", title: "x", by: Self.editor,
                                            origin: Self.origin, on: app.db)
            }
            await #expect(throws: ValidationFailure(["slug": "Enter a slug: letters, digits and hyphens, in any script."])) {
                _ = try await tree.addChild(under: home.requireID(), slug: "\u{200F}--", type: "LegalPage", title: "x", by: Self.editor,
                                            origin: Self.origin, on: app.db)
            }
            // A move under a parent with a sibling of the same slug is refused and changes nothing.
            let other = try await tree.addChild(under: home.requireID(), slug: "میله", type: "MethodPage", title: "میله", by: Self.editor,
                                                origin: Self.origin, on: app.db)
            await #expect(throws: ValidationFailure.self) {
                try await tree.move(other.requireID(), under: methods.requireID(), by: Self.editor, origin: Self.origin, on: app.db)
            }
            #expect(try await PageRecord.find(other.requireID(), on: app.db)?.urlPath == "/fa/میله/")
            try await Self.checkConsistent(app.db, locale: .fa)
        }
    }

    @Test("editors moving pages at once: a crosswise pair never makes a loop, twenty pages added together all get their place",
          arguments: TestDatabase.allCases)
    func concurrentMoves(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let tree = PageTree(audit: app.auditTrail)
            let home = try await tree.addRoot(locale: .en, type: "HomePage", title: "Home", by: Self.editor, origin: Self.origin, on: app.db)
            let homeID = try home.requireID()
            for round in 0..<5 {
                let a = try await tree.addChild(under: homeID, slug: "a\(round)", type: "ArticlePage", title: "A", by: Self.editor, origin: Self.origin, on: app.db)
                let b = try await tree.addChild(under: homeID, slug: "b\(round)", type: "ArticlePage", title: "B", by: Self.editor, origin: Self.origin, on: app.db)
                let (aID, bID) = (try a.requireID(), try b.requireID())
                let db = app.db
                async let first = Result<Void, any Error>(catching: { try await tree.move(aID, under: bID, by: Self.editor, origin: Self.origin, on: db) })
                async let second = Result<Void, any Error>(catching: { try await tree.move(bID, under: aID, by: Self.editor, origin: Self.origin, on: db) })
                let outcomes = await [first, second]
                let failures = outcomes.compactMap { outcome -> (any Error)? in if case .failure(let error) = outcome { error } else { nil } }
                #expect(failures.count == 1 && failures.first as? PageTreeError == .intoItsOwnSubtree, "round \(round): \(failures)")
            }
            let parent = try await tree.addChild(under: homeID, slug: "stories", type: "IndexPage", title: "Stories", by: Self.editor,
                                                 origin: Self.origin, on: app.db)
            let parentID = try parent.requireID()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<20 {
                    group.addTask {
                        _ = try await tree.addChild(under: parentID, slug: "story-\(index)", type: "SuccessStoryPage", title: "Story \(index)",
                                                    by: Self.editor, origin: Self.origin, on: app.db)
                    }
                }
                try await group.waitForAll()
            }
            let stories = try await tree.children(of: parentID, on: app.db)
            #expect(stories.count == 20 && Set(stories.map(\.path)).count == 20)
            try await Self.checkConsistent(app.db)
        }
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
