@testable import App
@testable import Content
import Core
import Foundation
import Testing
import FluentKit
import TestSupport
import Vapor
@testable import Web

/// Each page type reads as its kind: an article's byline, a method's indicative cost, the
/// clinic's call and WhatsApp buttons, a timeline of numbered steps, a gallery whose images open
/// in a lightbox; and the header and footer lead to the site's own pages in the page's language.
@Suite("Page views by type, the site's menu, and their interactive pieces")
struct PageTypeViewsTests {
    @Test("each type shows its own fields its own way", arguments: TestDatabase.allCases)
    func leads(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let f = try await ContentFixtures(app)
            let site = try await PageQueryCountTests.seedEveryType(f, copies: 1, times: 1)
            let browser = TestBrowser(app)
            func html(_ type: String) async throws -> String { try await browser.get(site.samples[type]!).body.string }

            let method = try await html("MethodPage")
            #expect(method.contains(#"data-indicative-cost=""#) && method.contains("\u{2066}EUR 18,000 – 30,000\u{2069}"))
            #expect(!method.contains(">Cost from<") && !method.contains(">Currency<"), "the range, not its three fields")

            let article = try await html("ArticlePage")
            #expect(article.contains(#"<p class="mt-4 text-sm text-muted" data-byline="">Physiotherapy team · March 1, 2027</p>"#))

            let cost = try await html("CostPage")
            #expect(!cost.contains(">Currency<"), "the currency prices the table; it is not a fact of its own")

            let contact = try await html("ContactPage")
            #expect(contact.contains(#"href="tel:+902120000000""#), "tap to call")
            let prefilled = "Hello%2C%20I%20would%20like%20to%20ask%20about%20treatment%20at%20Hills%20Clinic."
            #expect(contact.contains(#"href="https://wa.me/905550000000?text=\#(prefilled)""#), "WhatsApp with the message begun")
            #expect(contact.contains(">Opening hours</h2>") && contact.contains("Monday – Friday"))
            let home = try await html("HomePage")
            #expect(home.contains("https://wa.me/905550000000"), "the home page reaches the clinic too")
            #expect(home.contains(#"href="/en/inquiry""#))

            let timeline = try await html("RehabTimelinePage")
            #expect(timeline.contains(#"data-timeline="""#) && timeline.contains(#"aria-hidden="true">1</span><h3 class="pt-1 text-lg font-bold">Lengthening</h3>"#))
        }
    }

    @Test("a WhatsApp message is begun in the page's language, and a number without enough digits makes no link")
    func whatsAppLinks() throws {
        let arabic = try #require(ContactActions.whatsApp("+90 (555) 000-00-00", text: "مرحبًا"))
        #expect(arabic.value == "https://wa.me/905550000000?text=%D9%85%D8%B1%D8%AD%D8%A8%D9%8B%D8%A7")
        #expect(ContactActions.whatsApp("+90 12", text: "Hi") == nil)
        #expect(ContactActions.call("+90 212 000 00 00")?.value == "tel:+902120000000")
    }

    @Test("a gallery's images open in a lightbox: a dialog each, opened by its thumbnail, with the neighbours a step away",
          arguments: TestDatabase.allCases)
    func lightbox(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let f = try await ContentFixtures(app)
            let photo = try await PublicRouterTests.publicPhoto(app, editor: f.editorID).asset
            let (home, _) = try await f.site()
            let gallery = Block(kind: "gallery", value: ["assets": [.string(photo.uuidString), .string(photo.uuidString)], "caption": "The ward"])
            try await f.published("InternationalCenterPage", under: home, slug: "abroad",
                                  content: PageContent(title: "Patients from abroad", fields: ["summary": "Your stay."], blocks: [gallery]))
            let html = try await TestBrowser(app).get("/en/abroad/").body.string
            let id = "gallery-" + gallery.id.uuidString.lowercased()
            #expect(html.contains(#"<button type="button" commandfor="\#(id)-0" command="show-modal" aria-label="Enlarge image 1 of 2"#))
            #expect(html.components(separatedBy: "<dialog id=\"\(id)-").count == 3, "a dialog per image")
            #expect(html.contains(#"commandfor="\#(id)-1" command="show-modal" data-lightbox-step="previous""#), "from the first, back to the last")
            #expect(html.contains(#"commandfor="\#(id)-0" command="close""#))
        }
    }

    @Test("the header names the site's sections in the page's language, marks the one the reader is in, and the footer lists every section",
          arguments: TestDatabase.allCases)
    func menu(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let f = try await ContentFixtures(app)
            let site = try await PageQueryCountTests.seedEveryType(f, copies: 1, times: 1)
            let browser = TestBrowser(app)
            let method = try await browser.get(site.samples["MethodPage"]!).body.string
            let procedure = try #require(site.samples["ProcedurePage"])
            #expect(method.contains(#"<a href="\#(procedure)" class="inline-flex min-h-11 items-center whitespace-nowrap rounded-xl px-3 font-semibold"#),
                    "Methods leads to the procedure page")
            #expect(method.contains(#"href="\#(site.samples["CostPage"]!)""#) && method.contains(">Costs</a>"))
            #expect(method.contains(#"aria-label="Sections of the site""#) && method.contains(">LegalPage</a>"), "the footer lists sections and legal texts")
            let cost = try await browser.get(site.samples["CostPage"]!).body.string
            #expect(cost.contains(#"<a href="\#(site.samples["CostPage"]!)" aria-current="true""#))
            // The built-in pages have the menu too: the inquiry form links to the same sections.
            #expect(try await browser.get("/en/inquiry").body.string.contains(#"href="\#(site.samples["CostPage"]!)""#))
            // A section unpublished leaves the header at once.
            let costPage = try #require(try await PageRecord.query(on: app.db).filter(\.$urlPath == site.samples["CostPage"]!).first())
            try await f.pages.unpublish(costPage.requireID(), by: f.editor, origin: f.origin, on: app.db)
            #expect(!(try await browser.get(site.samples["MethodPage"]!).body.string.contains(">Costs</a>")))
            // One past its end, before its expiry job has run, is as good as gone: linked from nowhere.
            let faq = try #require(try await PageRecord.query(on: app.db).filter(\.$urlPath == site.samples["FAQPage"]!).first())
            #expect(try await browser.get(site.samples["MethodPage"]!).body.string.contains(">Questions</a>"))
            faq.expireAt = Date().addingTimeInterval(-60)
            try await faq.update(on: app.db)
            let after = try await browser.get(site.samples["MethodPage"]!).body.string
            #expect(!after.contains(">Questions</a>") && !after.contains(#"href="\#(site.samples["FAQPage"]!)""#))
        }
    }
}
