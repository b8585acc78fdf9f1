import Accounts
@testable import App
import Audit
@testable import Content
import Core
import FluentKit
import Foundation
@testable import Jobs
@testable import Media
import Testing
import TestSupport
import Vapor
import VaporTesting

@Suite("The public page router: live pages by path in a fixed number of queries, redirects, 410s")
struct PublicRouterTests {
    /// Every queued job run to the end.
    static func work(_ app: Application) async throws {
        let worker = app.makeWorker(WorkerConfiguration(pollInterval: .milliseconds(20)))
        while try await worker.runOnce() {}
    }

    /// A photo through the real pipeline (scanned, analysed, renditions made), of a person whose
    /// consent allows anonymised publication, approved; and the coordinator who recorded it.
    static func publicPhoto(_ app: Application, editor: UUID) async throws -> (asset: UUID, consent: UUID, coordinator: UUID) {
        let folder = try #require(ProcessInfo.processInfo.environment["HC_TEST_PHOTOS_DIR"], "make test fetches the sample photos")
        let spooled = FileManager.default.temporaryDirectory.appendingPathComponent("content-\(UUID().uuidString).png").path
        try FileManager.default.copyItem(atPath: folder + "/astronaut.png", toPath: spooled)
        defer { try? FileManager.default.removeItem(atPath: spooled) }
        let origin = AuditOrigin(clientIP: "198.51.100.20")
        let upload = try await app.uploads.receive(spooledAt: spooled, claimedName: "astronaut.png", by: .user(editor), network: "198.51.100.0/24",
                                                   origin: origin, on: app.db)
        try await work(app)
        let asset = try await app.mediaLibrary.createAsset(from: upload.requireID(), title: "Recovery walk", by: editor, origin: origin, on: app.db)
        try await work(app)
        let coordinator = try await TestAccounts.account(app, role: .coordinator, secondFactor: false).0.requireID()
        let consent = try await app.mediaLibrary.recordConsent(for: .person(name: "Sara Ahmadi"), ConsentTerms(photoLevel: .anonymised,
                                                               evidenceReference: "Paper file 2026/201"), by: coordinator, origin: origin, on: app.db)
        try await app.mediaLibrary.setPeople(asset.requireID(), consents: [consent.requireID()], by: editor, origin: origin, on: app.db)
        try await app.mediaLibrary.approve(asset.requireID(), by: editor, origin: origin, on: app.db)
        try await work(app)
        return (try asset.requireID(), try consent.requireID(), coordinator)
    }

    @Test("live pages answer 200 in their language with breadcrumbs and alternates; drafts 404; a slug change leaves a 301; unpublished is 410",
          arguments: TestDatabase.allCases)
    func routing(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let f = try await ContentFixtures(app)
            let (home, methods) = try await f.site()
            let arabicHome = try await f.pages.translate(home.requireID(), into: .ar, under: nil, slug: "", by: f.editor, origin: f.origin, on: app.db)
            try await f.pages.publish(arabicHome.requireID(), by: f.editor, origin: f.origin, on: app.db)
            let arabicMethods = try await f.pages.translate(methods.requireID(), into: .ar, under: arabicHome.requireID(), slug: "الطرق",
                                                            by: f.editor, origin: f.origin, on: app.db)
            try await f.pages.save(arabicMethods.requireID(), content: PageContent(title: "طرق العلاج", fields: ["summary": "الطرق الثلاث التي نستخدمها."]),
                                   basedOn: arabicMethods.latestRevisionID, by: f.editor, origin: f.origin, on: app.db)
            try await f.pages.publish(arabicMethods.requireID(), by: f.editor, origin: f.origin, on: app.db)
            let browser = TestBrowser(app)

            let page = try await browser.get("/en/methods/")
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("<h1 id=\"page-title\""))
            #expect(html.contains(">Methods</h1>"))
            #expect(html.contains("hreflang=\"ar\""), "the Arabic translation is an alternate")
            #expect(html.contains("hreflang=\"x-default\" href=\"http://127.0.0.1:8080/en/methods/\""),
                    "readers of other languages are offered this page in English, not the home page")
            for tag in ["<meta property=\"og:type\" content=\"website\">", "<meta property=\"og:title\" content=\"Methods\">",
                        "<meta property=\"og:description\" content=\"The three methods we use.\">",
                        "<meta property=\"og:url\" content=\"http://127.0.0.1:8080/en/methods/\">",
                        "<meta property=\"og:locale\" content=\"en_US\">", "<meta property=\"og:locale:alternate\" content=\"ar_AR\">",
                        "<meta property=\"og:site_name\" content=\"Hills Clinic\">"] {
                #expect(html.contains(tag), "Open Graph: \(tag)")
            }
            #expect(html.contains("aria-current=\"page\""), "breadcrumbs end at the page")
            #expect(page.headers.first(name: .cacheControl) == "public, max-age=60")

            let arabic = try await browser.get("/ar/%D8%A7%D9%84%D8%B7%D8%B1%D9%82/")
            #expect(arabic.status == .ok)
            #expect(arabic.body.string.contains("dir=\"rtl\""))
            #expect(arabic.body.string.contains("طرق العلاج"))

            // The address without its slash leads to the one with it.
            let bare = try await browser.get("/en/methods")
            #expect(bare.status == .movedPermanently && bare.headers.first(name: .location) == "/en/methods/")

            let draft = try await f.pages.create("CostPage", locale: .en, under: home.requireID(), slug: "costs",
                                                 content: PageContent(title: "Costs", fields: ["currency": "EUR"]), by: f.editor, origin: f.origin, on: app.db)
            #expect(try await browser.get("/en/costs/").status == .notFound)
            // Renaming a draft leaves no redirect; renaming a published page does.
            try await f.pages.tree.changeSlug(draft.requireID(), to: "prices", by: f.editorID, origin: f.origin, on: app.db)
            #expect(try await Redirects.resolve("/en/costs/", on: app.db) == nil)
            try await f.pages.tree.changeSlug(methods.requireID(), to: "treatments", by: f.editorID, origin: f.origin, on: app.db)
            let moved = try await browser.get("/en/methods/")
            #expect(moved.status == .movedPermanently && moved.headers.first(name: .location) == "/en/treatments/")
            #expect(try await browser.get("/en/treatments/").status == .ok)

            try await f.pages.unpublish(methods.requireID(), by: f.editor, origin: f.origin, on: app.db)
            #expect(try await browser.get("/en/treatments/").status == .gone)
            #expect(try await browser.get("/en/nothing-here/").status == .notFound)
            // The site's own pages still answer under the catch-all.
            #expect(try await browser.get("/en/inquiry").status != .notFound)
        }
    }

    @Test("an image shows while its consent allows it; withdrawn, the page is marked changed, audited, and served without it",
          arguments: TestDatabase.allCases)
    func withdrawnImage(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let f = try await ContentFixtures(app)
            let (_, methods) = try await f.site()
            let photo = try await Self.publicPhoto(app, editor: f.editorID)
            let nail = try await f.pages.create("MethodPage", locale: .en, under: methods.requireID(), slug: "nail", content: ContentFixtures.method(blocks: [
                Block(kind: "image", value: ["asset": .string(photo.asset.uuidString), "caption": "Walking in the second week"]),
            ]), by: f.editor, origin: f.origin, on: app.db)
            try await f.pages.publish(nail.requireID(), by: f.editor, origin: f.origin, on: app.db)
            let usages = try await app.mediaLibrary.usages(of: photo.asset, on: app.db)
            #expect(usages.map(\.label) == ["Internal lengthening nail"])
            #expect(usages.first?.path == "/en/methods/nail/")

            let browser = TestBrowser(app)
            let before = try await browser.get("/en/methods/nail/").body.string
            #expect(before.contains("<picture>") && before.contains("Walking in the second week"))
            #expect(before.contains("<meta property=\"og:image\" content=\"http://127.0.0.1:8080/"), "a shared link previews the image")
            #expect(before.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"))

            try await app.mediaLibrary.withdrawConsent(photo.consent, by: photo.coordinator, origin: f.origin, on: app.db)
            // Before any job has run, the page already leaves the image out.
            let after = try await browser.get("/en/methods/nail/").body.string
            #expect(!after.contains("<picture>") && !after.contains("Walking in the second week"))
            #expect(!after.contains("og:image"), "nor is it previewed when the page is shared")
            #expect(after.contains("<meta name=\"twitter:card\" content=\"summary\">"))
            let changedBefore = try await f.reload(nail).updatedAt
            try await Self.work(app)
            #expect(try await f.reload(nail).updatedAt > changedBefore, "the hook marks the page changed, for caches")
            #expect(try await AuditTrail.latest(30, on: app.db).map(\.action).contains("page.asset_withdrawn"))
            // An image nobody may publish cannot be placed on a page any more.
            await #expect(throws: ValidationFailure.self) {
                try await f.pages.publish(nail.requireID(), by: f.editor, origin: f.origin, on: app.db)
            }
        }
    }

    @Test("a legal text keeps every version it published readable at its own link, with its fingerprint; a removed page answers 410",
          arguments: TestDatabase.allCases)
    func legalVersionsAndRemoval(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let f = try await ContentFixtures(app)
            let (home, methods) = try await f.site()
            let first = PageContent(title: "Privacy notice", fields: ["version": "1", "effective_date": "2027-01-01"],
                                    blocks: [ContentFixtures.text("<p>We keep your records for ten years.</p>")])
            let legal = try await f.pages.create("LegalPage", locale: .en, under: home.requireID(), slug: "privacy-notice", content: first,
                                                 by: f.editor, origin: f.origin, on: app.db)
            try await f.pages.publish(legal.requireID(), by: f.editor, origin: f.origin, on: app.db)
            var second = first
            second.fields["version"] = "2"
            second.fields["effective_date"] = "2027-06-01"
            second.blocks[0].value["body"] = "<p>We keep your records for fifteen years.</p>"
            try await f.pages.save(legal.requireID(), content: second, basedOn: try await f.reload(legal).latestRevisionID, by: f.editor,
                                   origin: f.origin, on: app.db)
            try await f.pages.publish(legal.requireID(), by: f.editor, origin: f.origin, on: app.db)
            let versions = try await f.pages.publishedRevisions(of: legal.requireID(), on: app.db)
            #expect(versions.map(\.contentHash) == [second.contentHash, first.contentHash].map(Optional.some))

            let browser = TestBrowser(app)
            let current = try await browser.get("/en/privacy-notice/").body.string
            #expect(current.contains("fifteen years") && current.contains("Versions of this text"))
            #expect(current.contains("?version=1") && current.contains(String(first.contentHash.prefix(16))))
            let earlier = try await browser.get("/en/privacy-notice/?version=1")
            #expect(earlier.status == .ok)
            #expect(earlier.body.string.contains("ten years") && earlier.body.string.contains("You are reading an earlier version of this text."))
            #expect(earlier.body.string.contains("<meta name=\"robots\" content=\"noindex\">"))
            #expect(!earlier.body.string.contains("og:url"), "an earlier version is not offered for sharing as the page")
            #expect(try await browser.get("/en/privacy-notice/?version=7").status == .notFound)

            // Removed on purpose: the page and what is under it answer 410, their revisions are gone.
            let nail = try await f.pages.create("MethodPage", locale: .en, under: methods.requireID(), slug: "nail", content: ContentFixtures.method(),
                                                by: f.editor, origin: f.origin, on: app.db)
            try await f.pages.publish(nail.requireID(), by: f.editor, origin: f.origin, on: app.db)
            await #expect(throws: ContentError.notAllowedHere) { try await f.pages.delete(home.requireID(), by: f.editor, origin: f.origin, on: app.db) }
            try await f.pages.delete(methods.requireID(), by: f.editor, origin: f.origin, on: app.db)
            #expect(try await browser.get("/en/methods/").status == .gone)
            #expect(try await browser.get("/en/methods/nail/").status == .gone)
            #expect(try await PageRevisionRecord.query(on: app.db).filter(\.$pageID == nail.requireID()).count() == 0)
            #expect(try await AuditTrail.latest(3, on: app.db).map(\.action).contains("page.delete"))
            // A new page at the address answers again.
            let again = try await f.pages.create("ProcedurePage", locale: .en, under: home.requireID(), slug: "methods",
                                                 content: PageContent(title: "Methods", fields: ["summary": "Again."]), by: f.editor, origin: f.origin, on: app.db)
            try await f.pages.publish(again.requireID(), by: f.editor, origin: f.origin, on: app.db)
            #expect(try await browser.get("/en/methods/").status == .ok)
        }
    }

    @Test("a draft is previewed by editors and reviewing surgeons with a second factor, never cached; visitors and patients cannot",
          arguments: TestDatabase.allCases)
    func preview(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let f = try await ContentFixtures(app)
            let (_, methods) = try await f.site()
            try await f.pages.save(methods.requireID(), content: PageContent(title: "Methods, revised", fields: ["summary": "Draft text."]),
                                   basedOn: try await f.reload(methods).latestRevisionID, by: f.editor, origin: f.origin, on: app.db)
            let path = "/admin/pages/\(try methods.requireID())/preview"
            for (role, secondFactor) in [(AccountRole.editor, true), (.surgeon, true)] {
                let (browser, _) = try await TestAccounts.signedIn(app, role: role, secondFactor: secondFactor)
                let response = try await browser.get(path)
                #expect(response.status == .ok, "\(role)")
                #expect(response.body.string.contains("Methods, revised"))
                #expect(response.headers.first(name: .cacheControl) == "no-store")
                #expect(response.body.string.contains("<meta name=\"robots\" content=\"noindex\">"))
            }
            for (role, secondFactor) in [(AccountRole.editor, false), (.patient, false), (.coordinator, true)] {
                let (browser, _) = try await TestAccounts.signedIn(app, role: role, secondFactor: secondFactor)
                #expect(try await browser.get(path).status == .forbidden, "\(role) \(secondFactor)")
            }
            #expect(try await TestBrowser(app).get(path).status == .seeOther)
            // The public page still shows what is live.
            #expect(try await TestBrowser(app).get("/en/methods/").body.string.contains(">Methods</h1>"))
        }
    }

    @Test("an index lists its live children a page at a time, newest first, and a page past the end shows the last",
          arguments: TestDatabase.allCases)
    func pagination(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let f = try await ContentFixtures(app)
            let (home, _) = try await f.site()
            let index = try await f.pages.create("ArticleIndexPage", locale: .en, under: home.requireID(), slug: "articles",
                                                 content: PageContent(title: "Articles"), by: f.editor, origin: f.origin, on: app.db)
            try await f.pages.publish(index.requireID(), by: f.editor, origin: f.origin, on: app.db)
            let start = Date()
            for number in 1...14 {
                let article = try await f.pages.create("ArticlePage", locale: .en, under: index.requireID(), slug: "article-\(number)",
                                                       content: PageContent(title: "Article \(number)", fields: ["author": "Physiotherapy team", "date": "2027-01-01"]),
                                                       by: f.editor, origin: f.origin, on: app.db)
                // Drafts are not listed.
                if number != 14 {
                    try await f.pages.publish(article.requireID(), by: f.editor, origin: f.origin, on: app.db, now: start.addingTimeInterval(Double(number)))
                }
            }
            await #expect(throws: ContentError.notAllowedHere) {
                try await f.pages.create("ArticlePage", locale: .en, under: home.requireID(), slug: "stray", content: PageContent(title: "Stray", fields: [
                    "author": "Team", "date": "2027-01-01",
                ]), by: f.editor, origin: f.origin, on: app.db)
            }
            let browser = TestBrowser(app)
            let first = try await browser.get("/en/articles/").body.string
            #expect(first.contains("Article 13") && first.contains("Article 2") && !first.contains("Article 1<") && !first.contains("Article 14"))
            #expect(first.contains("/en/articles/?page=2"))
            let second = try await browser.get("/en/articles/?page=2").body.string
            #expect(second.contains("Article 1<") && !second.contains("Article 13"))
            #expect(try await browser.get("/en/articles/?page=9").body.string.contains("Article 1<"))
        }
    }
}
