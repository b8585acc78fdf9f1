@testable import Content
import Core
import Foundation
import Testing

@Suite("Typed pages and blocks: one declaration validates, with a message per bad field")
struct PageTypesTests {
    static func errors(_ content: PageContent, as type: String) -> [String: String] {
        guard let declaration = PageTypes.declaration(type) else { return ["type": "unknown"] }
        do {
            _ = try content.validated(as: declaration)
            return [:]
        } catch let failure as ValidationFailure {
            return failure.fields
        } catch {
            return ["error": "\(error)"]
        }
    }

    @Test("every type refuses an empty page with a message at each required field, and names every type the spec lists")
    func requiredFields() {
        #expect(Set(PageTypes.all.map(\.name)) == [
            "HomePage", "ProcedurePage", "MethodPage", "InternationalCenterPage", "CostPage", "RehabTimelinePage", "SuccessStoryPage",
            "ArticlePage", "FAQPage", "LegalPage", "ContactPage", "ArticleIndexPage", "StoryIndexPage",
        ])
        for type in PageTypes.all {
            let errors = Self.errors(PageContent(title: "  "), as: type.name)
            let expected = Set(["title"] + type.fields.filter(\.required).map { "fields." + $0.name })
            #expect(Set(errors.keys) == expected, "\(type.name)")
            #expect(errors["title"] == "Give the page a title.")
        }
        let method = Self.errors(PageContent(title: "Nail"), as: "MethodPage")
        #expect(method["fields.risks"] == "Fill in this field.")
        #expect(method["fields.how_it_works"] == "Fill in this field.")
        let legal = Self.errors(PageContent(title: "Privacy"), as: "LegalPage")
        #expect(Set(legal.keys) == ["fields.version", "fields.effective_date"])
    }

    @Test("bad values get their own message, nested paths included; good ones come back cleaned")
    func badValues() throws {
        var content = ContentFixtures.method()
        content.fields["summary"] = .string(String(repeating: "a", count: 601))
        content.fields["cost_min"] = 40_000
        content.fields["currency"] = "BTC"
        content.fields["colour"] = "blue"
        content.blocks = [
            Block(kind: "heading", value: ["text": "Recovery", "level": 7]),
            Block(kind: "call_to_action", value: ["title": "Ask us", "label": "Write", "link": "javascript:alert(1)"]),
            Block(kind: "video_embed", value: ["url": "https://example.com/video.mp4", "title": "The nail"]),
            Block(kind: "faq_list", value: ["items": [["question": "How long?"], ["question": 7, "answer": "<p>Months.</p>"]]]),
            Block(kind: "cost_table", value: ["currency": "EUR", "rows": [["item": "Nail", "min": 20_000, "max": 10_000]]]),
            Block(kind: "poll", value: [:]),
            Block(kind: "image", value: ["asset": "not-a-uuid"]),
        ]
        let errors = Self.errors(content, as: "MethodPage")
        #expect(errors["fields.summary"] == "This is too long.")
        #expect(errors["fields.cost_max"] == "This must not be less than the number before it.")
        #expect(errors["fields.currency"] == "Choose one of the options.")
        #expect(errors["fields.colour"] == "This field does not belong here.")
        #expect(errors["blocks.0.level"] == "This number is outside the allowed range.")
        #expect(errors["blocks.1.link"] == "Enter a page of this site (starting with /) or a full https address.")
        #expect(errors["blocks.2.url"] == "Enter the address of a YouTube or Vimeo video.")
        #expect(errors["blocks.3.items.0.answer"] == "Fill in this field.")
        #expect(errors["blocks.3.items.1.question"] == "This value is not of the right kind.")
        #expect(errors["blocks.4.rows.0.max"] == "This must not be less than the number before it.")
        #expect(errors["blocks.5"] == "This kind of block cannot be used on this kind of page.")
        #expect(errors["blocks.6.asset"] == "Choose an image.")
        #expect(errors.count == 12, "\(errors)")

        // A legal text takes headings and text only.
        let legal = PageContent(title: "Privacy notice", fields: ["version": "3", "effective_date": "2027-02-30"],
                                blocks: [Block(kind: "quote", value: ["text": "x"])])
        let legalErrors = Self.errors(legal, as: "LegalPage")
        #expect(legalErrors["fields.effective_date"] == "Enter a date as year-month-day, like 2027-06-30.")
        #expect(legalErrors["blocks.0"] == "This kind of block cannot be used on this kind of page.")

        // A telephone number is dialled from abroad; an address has its @.
        let contact = Self.errors(PageContent(title: "Contact", fields: ["phone": "0212 555 00 00", "email": "info at clinic"]), as: "ContactPage")
        #expect(contact["fields.phone"] == "Enter the number with its country code, like +90 212 000 00 00.")
        #expect(contact["fields.email"] == "Enter an email address, like info@example.com.")
        #expect(Self.errors(PageContent(title: "Contact", fields: ["phone": "+90 (212) 555-00-00", "email": "Info@Hills.example"]), as: "ContactPage").isEmpty)

        // Clean input comes back trimmed, with rich text sanitised and empty optional values gone.
        let clean = try #require(PageTypes.declaration("ArticlePage"))
        let (cleaned, _) = try PageContent(title: "  Walking again \n", fields: [
            "author": " Physiotherapy team ", "date": "2027-03-01", "tags": ["Rehab", "rehab", " Walking "], "summary": "",
        ], blocks: [
            ContentFixtures.text("<p onclick=\"steal()\">Week <b>one</b><script>alert(1)</script></p>"),
            Block(kind: "video_embed", value: ["url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "title": "Exercises"]),
        ]).validated(as: clean)
        #expect(cleaned.title == "Walking again")
        #expect(cleaned.fields["author"] == "Physiotherapy team")
        #expect(cleaned.fields["tags"] == ["rehab", "walking"])
        #expect(cleaned.fields["summary"] == nil)
        #expect(cleaned.blocks[0].value["body"] == "<p>Week <strong>one</strong></p>")
        #expect(VideoEmbed("https://www.youtube.com/watch?v=dQw4w9WgXcQ")?.playerURL == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")
        #expect(VideoEmbed("https://vimeo.com/76979871")?.playerURL == "https://player.vimeo.com/video/76979871?dnt=1")
        #expect(VideoEmbed("http://www.youtube.com/watch?v=dQw4w9WgXcQ") == nil)
    }

    @Test("articles go under an article index, and only the home page is a root")
    func parents() {
        #expect(PageTypes.article.parents == ["ArticleIndexPage"])
        #expect(PageTypes.successStory.parents == ["StoryIndexPage"])
        #expect(PageTypes.home.isRoot)
        #expect(PageTypes.articleIndex.lists?.type == "ArticlePage")
    }

    @Test("a stored block is read at its kind's current version: older shapes are upgraded step by step, newer ones left alone")
    func blockVersions() throws {
        // Version 1 had `author`; version 2 renamed it `attribution`; version 3 added an optional `source`.
        let quote = BlockDeclaration("quote", "Quote", version: 3, fields: BlockKinds.quote.fields, upgrades: [
            { value in
                if let author = value.removeValue(forKey: "author") { value["attribution"] = author }
            },
            { _ in },
        ])
        let stored = Block(kind: "quote", version: 1, value: ["text": "Slowly, every day.", "author": "Physiotherapy team"])
        let read = quote.upgraded(stored)
        #expect(read.version == 3)
        #expect(read.value == ["text": "Slowly, every day.", "attribution": "Physiotherapy team"])
        let future = Block(kind: "quote", version: 9, value: ["text": "?"])
        #expect(quote.upgraded(future) == future)

        // A stored page keeps its JSON: decoding the revision's content needs no migration, and a
        // field added later is simply absent.
        let json = #"{"blocks":[{"id":"3F2504E0-4F89-11D3-9A0C-0305E82C3301","kind":"heading","version":1,"value":{"text":"Recovery"}}],"fields":{},"title":"Rehab"}"#
        let content = try JSONDecoder().decode(PageContent.self, from: Data(json.utf8)).upgraded
        #expect(content.blocks.first?.value["text"] == "Recovery")
        #expect(content.blocks.first?.value["level"] == nil)
    }

    @Test("a legal text's hash is of its canonical content: the same text gives the same hash, any change another")
    func contentHash() {
        let id = UUID()
        let first = PageContent(title: "Privacy", fields: ["version": "1", "effective_date": "2027-01-01"],
                                blocks: [Block(id: id, kind: "rich_text", value: ["body": "<p>We keep your records safe.</p>"])])
        var same = PageContent(title: "Privacy", fields: ["effective_date": "2027-01-01", "version": "1"], blocks: first.blocks)
        #expect(first.contentHash == same.contentHash)
        #expect(first.contentHash.count == 64)
        same.blocks[0].value["body"] = "<p>We keep your records safe for ten years.</p>"
        #expect(first.contentHash != same.contentHash)
    }
}
