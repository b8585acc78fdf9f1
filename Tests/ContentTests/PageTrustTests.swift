import Accounts
@testable import App
@testable import Content
import Core
import FluentKit
import Foundation
import Testing
import TestSupport
import Vapor

@Suite("What a reader can trust: an out-of-date translation says so, a reviewed page names its reviewer, a page past its end is linked from nowhere")
struct PageTrustTests {
    static let marker = "data-outdated-translation"

    /// An English section with its published Arabic translation.
    static func translatedSection(_ f: ContentFixtures) async throws -> (methods: PageRecord, arabic: PageRecord) {
        let (home, methods) = try await f.site()
        let arabicHome = try await f.pages.translate(home.requireID(), into: .ar, under: nil, slug: "", by: f.editor, origin: f.origin, on: f.app.db)
        try await f.pages.publish(arabicHome.requireID(), by: f.editor, origin: f.origin, on: f.app.db)
        let arabic = try await f.pages.translate(methods.requireID(), into: .ar, under: arabicHome.requireID(), slug: "الطرق",
                                                 by: f.editor, origin: f.origin, on: f.app.db)
        try await f.pages.save(arabic.requireID(), content: PageContent(title: "طرق العلاج", fields: ["summary": "الطرق الثلاث التي نستخدمها."]),
                               basedOn: arabic.latestRevisionID, by: f.editor, origin: f.origin, on: f.app.db)
        try await f.pages.publish(arabic.requireID(), by: f.editor, origin: f.origin, on: f.app.db)
        return (methods, arabic)
    }

    @Test("the notice appears exactly while the original has published since the translation followed it, in the reader's language, linking to it",
          arguments: TestDatabase.allCases)
    func outdatedTranslation(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let f = try await ContentFixtures(app)
            let (methods, arabic) = try await Self.translatedSection(f)
            let browser = TestBrowser(app)
            let arabicPath = "/ar/%D8%A7%D9%84%D8%B7%D8%B1%D9%82/"
            #expect(!(try await browser.get(arabicPath).body.string.contains(Self.marker)), "a fresh translation is current")

            let corrected = PageContent(title: "Methods", fields: ["summary": "The three methods we use, and when each suits."])
            try await f.pages.save(methods.requireID(), content: corrected, basedOn: try await f.reload(methods).latestRevisionID,
                                   by: f.editor, origin: f.origin, on: app.db)
            #expect(!(try await browser.get(arabicPath).body.string.contains(Self.marker)), "an unpublished draft of the original changes nothing")

            let updated = try #require(ISO8601DateFormatter().date(from: "2026-11-20T12:00:00Z"))
            try await f.pages.publish(methods.requireID(), by: f.editor, origin: f.origin, on: app.db, now: updated)
            let html = try await browser.get(arabicPath).body.string
            #expect(html.contains("\(Self.marker)=\"en\""))
            let date = DateFormatting.string(from: updated, style: .long, locale: .ar, timeZone: app.webContext.configuration.clinicTimeZone)
            #expect(html.contains("حُدِّث النص الأصلي لهذه الصفحة باللغة الإنجليزية في \(date)"), "in Arabic, with the date of the update")
            #expect(html.contains("href=\"/en/methods/\" hreflang=\"en\""), "it links to the original")
            #expect(!(try await browser.get("/en/methods/").body.string.contains(Self.marker)), "the original has no notice")

            // The translator brings it up to date: the notice goes.
            let followed = try await f.reload(methods).liveRevisionID
            try await f.pages.save(arabic.requireID(), content: PageContent(title: "طرق العلاج", fields: ["summary": "الطرق الثلاث ومتى تناسب كلٌّ منها."]),
                                   basedOn: try await f.reload(arabic).latestRevisionID, sourceRevision: followed, by: f.editor, origin: f.origin, on: app.db)
            try await f.pages.publish(arabic.requireID(), by: f.editor, origin: f.origin, on: app.db)
            #expect(!(try await browser.get(arabicPath).body.string.contains(Self.marker)))

            // Newer again, then the original is unpublished: nothing to link to, so no notice.
            try await f.pages.save(methods.requireID(), content: PageContent(title: "Methods", fields: ["summary": "Our methods."]),
                                   basedOn: try await f.reload(methods).latestRevisionID, by: f.editor, origin: f.origin, on: app.db)
            try await f.pages.publish(methods.requireID(), by: f.editor, origin: f.origin, on: app.db)
            #expect(try await browser.get(arabicPath).body.string.contains(Self.marker))
            try await f.pages.unpublish(methods.requireID(), by: f.editor, origin: f.origin, on: app.db)
            let alone = try await browser.get(arabicPath).body.string
            #expect(!alone.contains(Self.marker))
            #expect(!alone.contains("hreflang=\"en\""), "an unpublished original is no alternate")
        }
    }

    @Test("a reviewed page names its reviewer, their role and the day, in the reader's language; an unreviewed page claims nothing",
          arguments: TestDatabase.allCases)
    func medicalReview(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let f = try await ContentFixtures(app)
            let (methods, arabic) = try await Self.translatedSection(f)
            let surgeon = try await f.person(.surgeon, firstName: "Maryam")
            guard case .user(let surgeonID, _, _) = surgeon else { return }
            let account = try #require(try await UserRecord.find(surgeonID, on: app.db))
            account.lastName = "Karimi"
            try await account.update(on: app.db)
            let browser = TestBrowser(app)
            #expect(!(try await browser.get("/en/methods/").body.string.contains("data-medical-review")))

            let reviewed = try #require(ISO8601DateFormatter().date(from: "2026-12-04T09:00:00Z"))
            let today = try #require(CalendarDay("2026-12-04")), nextYear = try #require(CalendarDay("2027-12-04"))
            for page in [methods, arabic] {
                try await f.pages.recordMedicalReview(page.requireID(), nextDue: nextYear, today: today, by: surgeon, origin: f.origin, on: app.db, now: reviewed)
            }
            let english = try await browser.get("/en/methods/").body.string
            let day = DateFormatting.string(from: reviewed, style: .long, locale: .en, timeZone: app.webContext.configuration.clinicTimeZone)
            #expect(english.contains("Medically reviewed by \u{2068}Maryam Karimi\u{2069}, Surgeon, on \(day)"))
            #expect(!english.contains(account.email), "the reviewer's address stays private")
            let date = DateFormatting.string(from: reviewed, style: .long, locale: .ar, timeZone: app.webContext.configuration.clinicTimeZone)
            #expect(try await browser.get("/ar/%D8%A7%D9%84%D8%B7%D8%B1%D9%82/").body.string
                .contains("راجعه طبيًا \u{2068}Maryam Karimi\u{2069}، جرّاح، في \(date)"))
        }
    }

    @Test("a translation past its end, before its expiry job has run, is no alternate of the original", arguments: TestDatabase.allCases)
    func expiredTranslation(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let f = try await ContentFixtures(app)
            let (_, arabic) = try await Self.translatedSection(f)
            let browser = TestBrowser(app)
            #expect(try await browser.get("/en/methods/").body.string.contains("hreflang=\"ar\""))
            let ended = try await f.reload(arabic)
            ended.expireAt = Date().addingTimeInterval(-60)
            try await ended.update(on: app.db)
            #expect(!(try await browser.get("/en/methods/").body.string.contains("hreflang=\"ar\"")))
            #expect(try await browser.get("/ar/%D8%A7%D9%84%D8%B7%D8%B1%D9%82/").status == .gone)
        }
    }
}
