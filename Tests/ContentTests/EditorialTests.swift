import Accounts
@testable import App
import Audit
@testable import Content
import Core
import FluentKit
import Foundation
import Testing
import TestSupport

@Suite("Locks, translations and medical review")
struct EditorialTests {
    @Test("a second editor is told who holds the lock and cannot save; a stale lock is taken over; an admin may break one",
          arguments: TestDatabase.allCases)
    func locks(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let f = try await ContentFixtures(app)
            let (_, methods) = try await f.site()
            let pageID = try methods.requireID()
            let other = try await f.person(.editor, firstName: "Dmitri")
            let now = Date()
            try await f.pages.lock(pageID, by: other, origin: f.origin, on: app.db, now: now)
            let latest = try await f.reload(methods).latestRevisionID
            do {
                try await f.pages.save(pageID, content: PageContent(title: "Our methods", fields: ["summary": "Three."]), basedOn: latest,
                                       by: f.editor, origin: f.origin, on: app.db, now: now)
                Issue.record("saved past another editor's lock")
            } catch ContentError.locked(let holder) {
                #expect(holder == "Dmitri Haddad")
            }
            await #expect(throws: ContentError.locked(holder: "Dmitri Haddad")) {
                try await f.pages.publish(pageID, by: f.editor, origin: f.origin, on: app.db, now: now)
            }
            // Their save works, and a lock nobody renewed for half an hour holds no more.
            try await f.pages.save(pageID, content: PageContent(title: "Our methods", fields: ["summary": "Three."]), basedOn: latest,
                                   by: other, origin: f.origin, on: app.db, now: now)
            let later = now.addingTimeInterval(Pages.lockLifetime + 1)
            try await f.pages.lock(pageID, by: f.editor, origin: f.origin, on: app.db, now: later)
            #expect(try await f.reload(methods).lockedBy == f.editorID)
            await #expect(throws: ContentError.self) { try await f.pages.unlock(pageID, by: other, origin: f.origin, on: app.db, now: later) }
            let admin = try await f.person(.admin)
            try await f.pages.unlock(pageID, by: admin, origin: f.origin, on: app.db, now: later)
            #expect(try await f.reload(methods).lockedBy == nil)
            let actions = try await AuditTrail.latest(8, on: app.db).map(\.action)
            #expect(actions.contains("page.lock") && actions.contains("page.unlock"))
        }
    }

    @Test("a translation is a draft copy that records its source revision; it is out of date once the source publishes, with what changed",
          arguments: TestDatabase.allCases)
    func translations(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let f = try await ContentFixtures(app)
            let (home, methods) = try await f.site()
            let arabicHome = try await f.pages.translate(home.requireID(), into: .ar, under: nil, slug: "", by: f.editor, origin: f.origin, on: app.db)
            #expect(arabicHome.translationKey == home.translationKey)
            #expect(arabicHome.live == false)
            try await f.pages.publish(arabicHome.requireID(), by: f.editor, origin: f.origin, on: app.db)
            let risks = ContentFixtures.text("<p>Stiffness.</p>")
            let nail = try await f.pages.create("MethodPage", locale: .en, under: methods.requireID(), slug: "nail",
                                                content: ContentFixtures.method(blocks: [risks]), by: f.editor, origin: f.origin, on: app.db)
            try await f.pages.publish(nail.requireID(), by: f.editor, origin: f.origin, on: app.db)
            let arabicMethods = try await f.pages.translate(methods.requireID(), into: .ar, under: arabicHome.requireID(), slug: "الطرق",
                                                            by: f.editor, origin: f.origin, on: app.db)
            let arabic = try await f.pages.translate(nail.requireID(), into: .ar, under: arabicMethods.requireID(), slug: "المسمار",
                                                     by: f.editor, origin: f.origin, on: app.db)
            #expect(arabic.urlPath == "/ar/الطرق/المسمار/")
            await #expect(throws: ContentError.translationExists) {
                try await f.pages.translate(nail.requireID(), into: .ar, under: arabicMethods.requireID(), slug: "مسمار",
                                            by: f.editor, origin: f.origin, on: app.db)
            }
            let copy = try #require(try await PageRevisionRecord.find(try #require(arabic.latestRevisionID), on: app.db))
            #expect(copy.content.blocks.map(\.id) == [risks.id], "the copy keeps the source's blocks")
            #expect(copy.sourceRevisionID == (try await f.reload(nail)).liveRevisionID)
            // Translated and saved as a draft: still following the same source revision.
            var translated = ContentFixtures.method("مسمار التطويل الداخلي", summary: "مسمار داخل العظم.", blocks: copy.content.blocks)
            translated.blocks[0].value["body"] = "<p>تيبّس المفاصل.</p>"
            try await f.pages.save(arabic.requireID(), content: translated, basedOn: arabic.latestRevisionID, by: f.editor, origin: f.origin, on: app.db)
            #expect(try await f.pages.translationState(of: arabic.requireID(), by: f.editor, origin: f.origin, on: app.db)
                == .upToDate(sourcePage: nail.requireID()))
            #expect(try await f.pages.translationState(of: nail.requireID(), by: f.editor, origin: f.origin, on: app.db) == .original)

            // The source publishes a new revision: the translation knows, and which field and block changed.
            var changed = ContentFixtures.method(blocks: [risks])
            changed.fields["risks"] = "<p>Joint stiffness, infection and slow healing.</p>"
            changed.blocks[0].value["body"] = "<p>Stiffness and infection.</p>"
            try await f.pages.save(nail.requireID(), content: changed, basedOn: try await f.reload(nail).latestRevisionID, by: f.editor,
                                   origin: f.origin, on: app.db)
            #expect(try await f.pages.translationState(of: arabic.requireID(), by: f.editor, origin: f.origin, on: app.db)
                == .upToDate(sourcePage: nail.requireID()), "a source draft does not make translations stale")
            try await f.pages.publish(nail.requireID(), by: f.editor, origin: f.origin, on: app.db)
            guard case .outOfDate(_, let followed, let current, let changes) = try await f.pages.translationState(
                of: arabic.requireID(), by: f.editor, origin: f.origin, on: app.db) else {
                Issue.record("out of date")
                return
            }
            #expect(followed == 1 && current == 2)
            #expect(changes.fields.map(\.name) == ["risks"])
            #expect(changes.blocks.map(\.id) == [risks.id])
            #expect(changes.blocks.first?.change == .changed)

            // The translator brings it up to date and says so.
            let sourceLive = try await f.reload(nail).liveRevisionID
            try await f.pages.save(arabic.requireID(), content: translated, basedOn: try await f.reload(arabic).latestRevisionID, sourceRevision: sourceLive,
                                   by: f.editor, origin: f.origin, on: app.db)
            #expect(try await f.pages.translationState(of: arabic.requireID(), by: f.editor, origin: f.origin, on: app.db)
                == .upToDate(sourcePage: nail.requireID()))
            // Translations can be scheduled as drafts like any page.
            try await f.pages.schedule(arabic.requireID(), revision: nil, goLiveAt: Date().addingTimeInterval(3600), expireAt: nil, by: f.editor,
                                       origin: f.origin, on: app.db)
            #expect(try await f.reload(arabic).goLiveAt != nil)
        }
    }

    @Test("only a surgeon records a medical review; the next review must be after today; due reviews are listed", arguments: TestDatabase.allCases)
    func medicalReview(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let f = try await ContentFixtures(app)
            let (home, methods) = try await f.site()
            let surgeon = try await f.person(.surgeon)
            let today = try #require(CalendarDay("2026-12-04")), nextYear = try #require(CalendarDay("2027-12-04"))
            await #expect(throws: AccessDenied.self) {
                try await f.pages.recordMedicalReview(methods.requireID(), nextDue: nextYear, today: today, by: f.editor, origin: f.origin, on: app.db)
            }
            await #expect(throws: ValidationFailure.self) {
                try await f.pages.recordMedicalReview(methods.requireID(), nextDue: today, today: today, by: surgeon, origin: f.origin, on: app.db)
            }
            try await f.pages.recordMedicalReview(methods.requireID(), nextDue: nextYear, today: today, by: surgeon, origin: f.origin, on: app.db)
            let reviewed = try await f.reload(methods)
            guard case .user(let surgeonID, _, _) = surgeon else { return }
            #expect(reviewed.reviewedBy == surgeonID && reviewed.reviewDue == "2027-12-04" && reviewed.reviewedAt != nil)
            let due = try await f.pages.reviewsDue(by: today, by: f.editor, origin: f.origin, on: app.db)
            #expect(due.map(\.id) == [home.id])
            #expect(try await f.pages.reviewsDue(by: nextYear, by: f.editor, origin: f.origin, on: app.db).count == 2)
            #expect(try await AuditTrail.latest(2, on: app.db).map(\.action).contains("page.medical_review"))
        }
    }
}
