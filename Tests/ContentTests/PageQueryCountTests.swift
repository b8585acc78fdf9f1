import Accounts
@testable import App
import Audit
@testable import Content
import Core
import FluentKit
import Foundation
import Testing
import TestSupport
import Vapor

/// An uncached page costs the same few statements whatever the size of the site: the page with
/// its live revision, its ancestors with its translations, and then only what it shows (its
/// images, its snippets, an index's listing).
@Suite("Page views in a fixed number of queries, at one and at ten times the content")
struct PageQueryCountTests {
    /// Statements per page type, as stated in the issue note. Page and live revision: 1;
    /// ancestors and translations: 1; images: 4 (assets, people, consents, renditions);
    /// snippets: 1; an index's listing: 2 (count, page); a legal text's versions: 1; a translation's
    /// original, to tell whether it is newer: 1; a medical reviewer: 1; the site's menu for the
    /// header and footer: 1; on a home page, the clinic's contact page: 1.
    static let expected: [String: Int] = [
        "HomePage": 8, "ProcedurePage": 3, "MethodPage": 7, "InternationalCenterPage": 3, "CostPage": 3, "RehabTimelinePage": 3,
        "StoryIndexPage": 9, "SuccessStoryPage": 7, "ArticleIndexPage": 5, "ArticlePage": 3, "FAQPage": 4, "LegalPage": 4, "ContactPage": 8,
        "ReviewedOutdatedTranslation": 10,
    ]

    struct Site {
        var parents: [String: UUID] = [:]
        var samples: [String: String] = [:]
    }

    static func body(_ f: ContentFixtures, type: String, times: Int, photo: UUID, snippets: [SnippetKind: UUID]) -> PageContent {
        let image = Block(kind: "image", value: ["asset": .string(photo.uuidString), "caption": "Walking again"])
        var blocks: [Block] = []
        for _ in 0..<times {
            blocks.append(Block(kind: "heading", value: ["text": "Before you travel"]))
            blocks.append(ContentFixtures.text("<p>Bring your X-rays and a list of your medicines.</p>"))
            switch type {
            case "HomePage", "MethodPage": blocks.append(image)
            case "CostPage": blocks.append(Block(kind: "cost_table", value: ["currency": "EUR", "rows": [["item": "Nail", "min": 18_000, "max": 30_000]]]))
            case "RehabTimelinePage": blocks.append(Block(kind: "timeline_steps", value: ["steps": [["title": "Lengthening", "duration": "8 weeks"]]]))
            case "FAQPage": blocks.append(Block(kind: "faq", value: ["snippet": .string(snippets[.faq]!.uuidString)]))
            case "ContactPage":
                blocks.append(Block(kind: "testimonial", value: ["snippet": .string(snippets[.testimonial]!.uuidString)]))
                blocks.append(Block(kind: "team_member", value: ["snippet": .string(snippets[.teamMember]!.uuidString)]))
            default: break
            }
        }
        var fields: [String: JSONValue]
        switch type {
        case "MethodPage": fields = ContentFixtures.method().fields
        case "CostPage": fields = ["currency": "EUR"]
        case "SuccessStoryPage": fields = ["summary": "Back at work after a year.", "hero_image": .string(photo.uuidString)]
        case "ArticlePage": fields = ["author": "Physiotherapy team", "date": "2027-03-01"]
        case "LegalPage": fields = ["version": "2", "effective_date": "2027-01-01"]
        case "ProcedurePage": fields = ["summary": "Lengthening and correction."]
        case "ContactPage":
            fields = ["address": "Example Street 1\nIstanbul", "phone": "+90 212 000 00 00", "whatsapp": "+90 555 000 00 00", "email": "info@clinic.example",
                      "opening_hours": [["from_day": "monday", "to_day": "friday", "opens": "09:00", "closes": "18:00"],
                                        ["from_day": "saturday", "opens": "10:00", "closes": "14:00"]]]
        default: fields = [:]
        }
        return PageContent(title: type, fields: fields, blocks: blocks)
    }

    /// `copies` pages of every type (and their translations), each with `times` rounds of blocks.
    static func seed(_ f: ContentFixtures, copies: Int, times: Int, photo: UUID, snippets: [SnippetKind: UUID], site: inout Site) async throws {
        let app = f.app
        if site.parents["HomePage"] == nil {
            let home = try await f.pages.create("HomePage", locale: .en, under: nil, slug: "", content: body(f, type: "HomePage", times: times, photo: photo, snippets: snippets),
                                                by: f.editor, origin: f.origin, on: app.db)
            try await f.pages.publish(home.requireID(), by: f.editor, origin: f.origin, on: app.db)
            site.parents["HomePage"] = try home.requireID()
            site.samples["HomePage"] = "/en/"
            for locale in [SiteLocale.ar, .fa, .ru] {
                let translation = try await f.pages.translate(home.requireID(), into: locale, under: nil, slug: "", by: f.editor, origin: f.origin, on: app.db)
                try await f.pages.publish(translation.requireID(), by: f.editor, origin: f.origin, on: app.db)
                if locale == .ar {
                    // A reviewed translation whose original has published since: both notes cost a statement each.
                    let surgeon = try await f.person(.surgeon)
                    try await f.pages.recordMedicalReview(translation.requireID(), nextDue: CalendarDay("2099-01-01")!, today: CalendarDay("2026-12-04")!,
                                                          by: surgeon, origin: f.origin, on: app.db)
                    site.samples["ReviewedOutdatedTranslation"] = "/ar/"
                }
            }
            var newer = body(f, type: "HomePage", times: times, photo: photo, snippets: snippets)
            newer.title = "Hills Clinic, limb lengthening"
            _ = try await f.pages.save(home.requireID(), content: newer, basedOn: try await f.reload(home).latestRevisionID, by: f.editor,
                                       origin: f.origin, on: app.db)
            try await f.pages.publish(home.requireID(), by: f.editor, origin: f.origin, on: app.db)
        }
        let home = site.parents["HomePage"]!
        var translatedHomes: [SiteLocale: UUID] = [:]
        for page in try await PageRecord.query(on: app.db).filter(\.$parentID == nil).all() { translatedHomes[page.locale] = page.id }
        let order = ["ProcedurePage", "MethodPage", "InternationalCenterPage", "CostPage", "RehabTimelinePage", "StoryIndexPage", "SuccessStoryPage",
                     "ArticleIndexPage", "ArticlePage", "FAQPage", "LegalPage", "ContactPage"]
        for type in order {
            let parent = type == "SuccessStoryPage" ? site.parents["StoryIndexPage"]! : type == "ArticlePage" ? site.parents["ArticleIndexPage"]! : home
            let existing = try await PageRecord.query(on: app.db).filter(\.$type == type).filter(\.$locale == .en).count()
            // Index pages are one each; their children and every other type grow.
            let count = ["StoryIndexPage", "ArticleIndexPage"].contains(type) ? (existing == 0 ? 1 : 0) : copies
            for index in 0..<count {
                let page = try await f.pages.create(type, locale: .en, under: parent, slug: "\(type.lowercased())-\(existing + index)",
                                                    content: body(f, type: type, times: times, photo: photo, snippets: snippets), by: f.editor,
                                                    origin: f.origin, on: app.db)
                try await f.pages.publish(page.requireID(), by: f.editor, origin: f.origin, on: app.db)
                if type == "ProcedurePage" && copies > 1 {
                    for locale in [SiteLocale.ar, .fa, .ru] {
                        let translation = try await f.pages.translate(page.requireID(), into: locale, under: translatedHomes[locale], slug: "\(locale.rawValue)-\(existing + index)",
                                                                      by: f.editor, origin: f.origin, on: app.db)
                        try await f.pages.publish(translation.requireID(), by: f.editor, origin: f.origin, on: app.db)
                    }
                }
                if site.parents[type] == nil { site.parents[type] = try page.requireID() }
                if site.samples[type] == nil { site.samples[type] = page.urlPath }
            }
        }
    }

    static func counts(_ app: Application, _ site: Site) async throws -> [String: Int] {
        let browser = TestBrowser(app)
        var counts: [String: Int] = [:]
        for (type, path) in site.samples {
            var status: HTTPResponseStatus = .internalServerError
            _ = try await browser.get(path)
            counts[type] = try await countingStatements(app) { status = try await browser.get(path).status }
            #expect(status == .ok, "\(type) at \(path)")
        }
        return counts
    }

    /// A site with `copies` pages of every type, the photo and the snippets they show.
    static func seedEveryType(_ f: ContentFixtures, copies: Int, times: Int) async throws -> Site {
        let (site, _, _) = try await seedEveryTypeWithParts(f, copies: copies, times: times)
        return site
    }

    static func seedEveryTypeWithParts(_ f: ContentFixtures, copies: Int, times: Int) async throws -> (Site, UUID, [SnippetKind: UUID]) {
        let app = f.app
        let photo = try await PublicRouterTests.publicPhoto(app, editor: f.editorID).asset
        var snippets: [SnippetKind: UUID] = [:]
        snippets[.faq] = try await f.pages.saveSnippet(kind: .faq, locale: .en, fields: ["question": "Can a relative stay with me?", "answer": "<p>Yes.</p>"],
                                                       by: f.editor, origin: f.origin, on: app.db).requireID()
        snippets[.testimonial] = try await f.pages.saveSnippet(kind: .testimonial, locale: .en, fields: ["quote": "Clear answers at every step.", "name": "A patient"],
                                                               by: f.editor, origin: f.origin, on: app.db).requireID()
        snippets[.teamMember] = try await f.pages.saveSnippet(kind: .teamMember, locale: .en, fields: ["name": "Physiotherapy team", "role": "Rehabilitation",
                                                                                                     "photo": .string(photo.uuidString)],
                                                              by: f.editor, origin: f.origin, on: app.db).requireID()
        var site = Site()
        try await Self.seed(f, copies: copies, times: times, photo: photo, snippets: snippets, site: &site)
        return (site, photo, snippets)
    }

    @Test("every page type costs the same statements with ten times the pages, blocks, translations and snippets", arguments: TestDatabase.allCases)
    func constant(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let f = try await ContentFixtures(app)
            let parts = try await Self.seedEveryTypeWithParts(f, copies: 1, times: 1)
            var site = parts.0
            let (photo, snippets) = (parts.1, parts.2)
            let pagesBefore = try await PageRecord.query(on: app.db).count()
            let small = try await Self.counts(app, site)
            #expect(small == Self.expected, "\(small)")

            try await Self.seed(f, copies: 14, times: 10, photo: photo, snippets: snippets, site: &site)
            for _ in 0..<20 {
                _ = try await f.pages.saveSnippet(kind: .faq, locale: .en, fields: ["question": "How long is the stay?", "answer": "<p>It depends.</p>"],
                                                  by: f.editor, origin: f.origin, on: app.db)
            }
            let large = try await Self.counts(app, site)
            #expect(large == small, "small \(small), large \(large)")
            #expect(try await PageRecord.query(on: app.db).count() >= 10 * pagesBefore)
            #expect(try await PageRecord.query(on: app.db).filter(\.$locale != .en).count() >= 10 * 3, "ten times the translations")
        }
    }
}
