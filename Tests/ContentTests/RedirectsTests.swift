@testable import App
import Audit
@testable import Content
import Core
import FluentKit
import Foundation
import Testing
import TestSupport

@Suite("Redirects: chains collapsed, loops refused, moves remembered")
struct RedirectsTests {
    @Test("A→B then B→C is A→C; a redirect back to its start is refused; gone stays gone", arguments: TestDatabase.allCases)
    func chains(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            try await Redirects.add(from: "/en/a/", to: "/en/b/", locale: .en, by: nil, on: app.db)
            try await Redirects.add(from: "/en/b/", to: "/en/c/", locale: .en, by: nil, on: app.db)
            #expect(try await Redirects.resolve("/en/a/", on: app.db)?.newPath == "/en/c/")
            #expect(try await Redirects.resolve("/en/b/", on: app.db)?.newPath == "/en/c/")
            // Pointing at a path that redirects points at where it leads.
            try await Redirects.add(from: "/en/d/", to: "/en/a/", locale: .en, by: nil, on: app.db)
            #expect(try await Redirects.resolve("/en/d/", on: app.db)?.newPath == "/en/c/")
            await #expect(throws: RedirectError.loop) { try await Redirects.add(from: "/en/c/", to: "/en/a/", locale: .en, by: nil, on: app.db) }
            await #expect(throws: RedirectError.loop) { try await Redirects.add(from: "/en/x/", to: "/en/x/", locale: .en, by: nil, on: app.db) }
            await #expect(throws: RedirectError.otherLocale) { try await Redirects.add(from: "/en/x/", to: "/ar/x/", locale: .en, by: nil, on: app.db) }
            #expect(try await Redirects.resolve("/en/c/", on: app.db) == nil)

            // Removed on purpose: gone, and what led to it is gone too.
            try await Redirects.add(from: "/en/c/", to: nil, locale: .en, by: UUID(), on: app.db)
            for path in ["/en/a/", "/en/b/", "/en/c/", "/en/d/"] {
                let redirect = try #require(try await Redirects.resolve(path, on: app.db), "\(path)")
                #expect(redirect.newPath == nil, "\(path) should be gone")
            }
        }
    }

    @Test("moving a page leaves a redirect from every old URL of its subtree; moving it back lets the page answer again",
          arguments: TestDatabase.allCases)
    func moves(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let tree = PageTree(audit: app.auditTrail)
            let editor = UUID(), origin = AuditOrigin(clientIP: "198.51.100.9")
            let home = try await tree.addRoot(locale: .ar, type: "HomePage", title: "عيادة هيلز", by: editor, origin: origin, on: app.db)
            let methods = try await tree.addChild(under: home.requireID(), slug: "الطرق", type: "IndexPage", title: "الطرق", by: editor, origin: origin, on: app.db)
            let treatment = try await tree.addChild(under: home.requireID(), slug: "العلاج", type: "IndexPage", title: "العلاج", by: editor, origin: origin, on: app.db)
            let nail = try await tree.addChild(under: methods.requireID(), slug: "المسمار", type: "MethodPage", title: "المسمار", by: editor, origin: origin, on: app.db)
            _ = try await tree.addChild(under: nail.requireID(), slug: "التعافي", type: "ArticlePage", title: "التعافي", by: editor, origin: origin, on: app.db)

            // Published, so their old addresses may be in visitors' bookmarks.
            try await PageRecord.query(on: app.db).set(\.$firstPublishedAt, to: Date()).update()
            try await tree.move(nail.requireID(), under: treatment.requireID(), by: editor, origin: origin, on: app.db)
            #expect(try await Redirects.resolve("/ar/الطرق/المسمار/", on: app.db)?.newPath == "/ar/العلاج/المسمار/")
            #expect(try await Redirects.resolve("/ar/الطرق/المسمار/التعافي/", on: app.db)?.newPath == "/ar/العلاج/المسمار/التعافي/")

            // Moved again: the first old URL leads to the newest place in one step.
            try await tree.move(nail.requireID(), under: home.requireID(), by: editor, origin: origin, on: app.db)
            #expect(try await Redirects.resolve("/ar/الطرق/المسمار/", on: app.db)?.newPath == "/ar/المسمار/")
            #expect(try await Redirects.resolve("/ar/العلاج/المسمار/", on: app.db)?.newPath == "/ar/المسمار/")

            // Back where it started: no redirect hides it there, and its later places lead to it.
            try await tree.move(nail.requireID(), under: methods.requireID(), by: editor, origin: origin, on: app.db)
            #expect(try await Redirects.resolve("/ar/الطرق/المسمار/", on: app.db) == nil)
            #expect(try await Redirects.resolve("/ar/المسمار/", on: app.db)?.newPath == "/ar/الطرق/المسمار/")
            #expect(try await Redirects.resolve("/ar/العلاج/المسمار/التعافي/", on: app.db)?.newPath == "/ar/الطرق/المسمار/التعافي/")
            #expect(try await tree.page(at: "/ar/الطرق/المسمار/التعافي/", on: app.db) != nil)
            // A new page at an old URL answers there.
            _ = try await tree.addChild(under: home.requireID(), slug: "المسمار", type: "ArticlePage", title: "جديد", by: editor, origin: origin, on: app.db)
            #expect(try await Redirects.resolve("/ar/المسمار/", on: app.db) == nil)
        }
    }
}
