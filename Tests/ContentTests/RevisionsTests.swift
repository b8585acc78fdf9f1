import Accounts
@testable import App
import Audit
@testable import Content
import Core
import FluentKit
import Foundation
import Testing
import TestSupport

@Suite("Revisions: drafts, publishing, compare and revert")
struct RevisionsTests {
    @Test("a save is a revision; what is live stays live until the next is published; unpublishing makes it gone",
          arguments: TestDatabase.allCases)
    func publishing(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let f = try await ContentFixtures(app)
            let site = PublicSite(media: app.mediaLibrary)
            let (_, methods) = try await f.site()
            let nail = try await f.pages.create("MethodPage", locale: .en, under: methods.requireID(), slug: "Internal Nail",
                                                content: ContentFixtures.method(), by: f.editor, origin: f.origin, on: app.db)
            #expect(nail.urlPath == "/en/methods/internal-nail/")
            guard case .notFound = try await site.lookup("/en/methods/internal-nail/", on: app.db) else {
                Issue.record("a draft is not public")
                return
            }
            try await f.pages.publish(nail.requireID(), by: f.editor, origin: f.origin, on: app.db)
            guard case .page(let first) = try await site.lookup("/en/methods/internal-nail/", on: app.db) else {
                Issue.record("published")
                return
            }
            #expect(first.content.title == "Internal lengthening nail")
            #expect(first.ancestors.map(\.title) == ["Hills Clinic", "Methods"])
            #expect(first.revision.contentHash?.count == 64)

            let reloaded = try await f.reload(nail)
            try await f.pages.save(nail.requireID(), content: ContentFixtures.method("Lengthening nail"), basedOn: reloaded.latestRevisionID,
                                   by: f.editor, origin: f.origin, on: app.db)
            guard case .page(let still) = try await site.lookup("/en/methods/internal-nail/", on: app.db) else { throw TestSetupError("live") }
            #expect(still.content.title == "Internal lengthening nail", "a draft does not change the live page")
            // Saving on top of what someone else saved since is refused, whatever the content.
            await #expect(throws: ContentError.staleRevision) {
                try await f.pages.save(nail.requireID(), content: ContentFixtures.method("Nail"), basedOn: reloaded.latestRevisionID,
                                       by: f.editor, origin: f.origin, on: app.db)
            }
            try await f.pages.publish(nail.requireID(), by: f.editor, origin: f.origin, on: app.db)
            guard case .page(let second) = try await site.lookup("/en/methods/internal-nail/", on: app.db) else { throw TestSetupError("live") }
            #expect(second.content.title == "Lengthening nail")
            #expect(try await f.reload(methods).title == "Methods")
            let revisions = try await f.pages.revisions(of: nail.requireID(), by: f.editor, origin: f.origin, on: app.db)
            #expect(revisions.map(\.number) == [2, 1])
            #expect(revisions.allSatisfy { $0.publishedAt != nil })
            #expect(try await f.pages.publishedRevisions(of: nail.requireID(), on: app.db).count == 2)

            try await f.pages.unpublish(nail.requireID(), by: f.editor, origin: f.origin, on: app.db)
            guard case .gone = try await site.lookup("/en/methods/internal-nail/", on: app.db) else {
                Issue.record("an unpublished page that was live is gone")
                return
            }
            let actions = try await AuditTrail.latest(12, on: app.db).map(\.action)
            for action in ["page.create", "page.save", "page.publish", "page.unpublish"] {
                #expect(actions.contains(action), "\(action)")
            }
        }
    }

    @Test("a patient, a coordinator and an editor without a second factor cannot edit or publish; surgeons read drafts only",
          arguments: TestDatabase.allCases)
    func access(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let f = try await ContentFixtures(app)
            let (home, _) = try await f.site()
            let content = PageContent(title: "Costs", fields: ["currency": "EUR"])
            for actor in [AccessActor.anonymous, try await f.person(.patient), try await f.person(.coordinator), try await f.person(.surgeon),
                          .user(id: f.editorID, role: .editor, secondFactor: false)] {
                await #expect(throws: AccessDenied.self) {
                    try await f.pages.create("CostPage", locale: .en, under: home.requireID(), slug: "costs", content: content, by: actor,
                                             origin: f.origin, on: app.db)
                }
                await #expect(throws: AccessDenied.self) { try await f.pages.unpublish(home.requireID(), by: actor, origin: f.origin, on: app.db) }
            }
            let surgeon = try await f.person(.surgeon)
            #expect(try await f.pages.revisions(of: home.requireID(), by: surgeon, origin: f.origin, on: app.db).count == 1)
            await #expect(throws: AccessDenied.self) {
                try await f.pages.revisions(of: home.requireID(), by: .anonymous, origin: f.origin, on: app.db)
            }
        }
    }

    @Test("compare answers field by field and block by block: added, removed, changed and moved; revert makes a new revision",
          arguments: TestDatabase.allCases)
    func compareAndRevert(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let f = try await ContentFixtures(app)
            let (_, methods) = try await f.site()
            let intro = ContentFixtures.text("<p>Gradual lengthening.</p>"), risks = ContentFixtures.text("<p>Stiffness.</p>")
            let steps = ContentFixtures.text("<p>Week one.</p>"), gone = ContentFixtures.text("<p>Old note.</p>")
            let page = try await f.pages.create("MethodPage", locale: .en, under: methods.requireID(), slug: "nail",
                                                content: ContentFixtures.method(blocks: [intro, risks, steps, gone]), by: f.editor,
                                                origin: f.origin, on: app.db)
            let first = try #require(try await f.reload(page).latestRevisionID)
            var changedRisks = risks
            changedRisks.value["body"] = "<p>Stiffness and infection.</p>"
            let added = Block(kind: "heading", value: ["text": "Recovery"])
            let second = try await f.pages.save(page.requireID(), content: ContentFixtures.method(summary: "A telescopic nail.",
                                                                                                  blocks: [steps, intro, changedRisks, added]),
                                                basedOn: first, by: f.editor, origin: f.origin, on: app.db)
            let comparison = try await f.pages.compare(first, second.requireID(), by: f.editor, origin: f.origin, on: app.db)
            #expect(comparison.title == nil)
            #expect(comparison.fields.map(\.name) == ["summary"])
            #expect(comparison.fields.first?.new == "A telescopic nail.")
            let byID = Dictionary(uniqueKeysWithValues: comparison.blocks.map { ($0.id, $0) })
            #expect(byID[steps.id]?.change == .moved)
            #expect(byID[intro.id] == nil, "one block moving does not make the others moved")
            #expect(byID[changedRisks.id]?.change == .changed)
            #expect(byID[changedRisks.id]?.fields.map(\.name) == ["body"])
            #expect(byID[added.id]?.change == .added)
            #expect(byID[gone.id]?.change == .removed)
            #expect(comparison.blocks.count == 4)

            let reverted = try await f.pages.revert(page.requireID(), to: first, by: f.editor, origin: f.origin, on: app.db)
            #expect(reverted.number == 3)
            let back = try await f.pages.compare(first, reverted.requireID(), by: f.editor, origin: f.origin, on: app.db)
            #expect(back.isEmpty)
            #expect(try await AuditTrail.latest(3, on: app.db).map(\.action).contains("page.revert"))
        }
    }

    @Test("two editors saving on the same revision at once: exactly one revision is made, the other is told")
    func concurrentSaves() async throws {
        try await withTestApp(only: .postgres, because: "SQLite serialises writers, so only PostgreSQL can race two saves") { app in
            let f = try await ContentFixtures(app)
            let (_, methods) = try await f.site()
            let page = try await f.pages.create("MethodPage", locale: .en, under: methods.requireID(), slug: "nail",
                                                content: ContentFixtures.method(), by: f.editor, origin: f.origin, on: app.db)
            let base = try await f.reload(page).latestRevisionID
            let pageID = try page.requireID()
            let results = await withTaskGroup(of: Bool.self) { group in
                for index in 0..<8 {
                    group.addTask {
                        do {
                            try await f.pages.save(pageID, content: ContentFixtures.method("Nail \(index)"), basedOn: base, by: f.editor,
                                                   origin: f.origin, on: app.db)
                            return true
                        } catch ContentError.staleRevision {
                            return false
                        } catch {
                            Issue.record("unexpected \(error)")
                            return false
                        }
                    }
                }
                var outcomes: [Bool] = []
                for await outcome in group { outcomes.append(outcome) }
                return outcomes
            }
            #expect(results.filter { $0 }.count == 1)
            #expect(try await PageRevisionRecord.query(on: app.db).filter(\.$pageID == pageID).count() == 2)
        }
    }
}
