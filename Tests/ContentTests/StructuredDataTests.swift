@testable import App
@testable import Content
import Core
import Foundation
import Testing
import TestSupport
import Vapor

/// Every page tells search engines what it is, in schema.org's words: each page type's JSON-LD
/// parses, uses only types and properties schema.org defines where it defines them, and says
/// what the page shows (the clinic's address and hours, a procedure, questions, an article, the
/// trail, a medical review).
@Suite("JSON-LD by page type, checked against schema.org's vocabulary")
struct StructuredDataTests {
    /// The JSON-LD documents of a page, parsed.
    static func documents(_ html: String) throws -> [Any] {
        try html.matches(of: /<script type="application\/ld\+json">(.*?)<\/script>/.dotMatchesNewlines()).map {
            try JSONSerialization.jsonObject(with: Data(String($0.output.1).utf8))
        }
    }

    /// Every node of a document's graph, nested ones too.
    static func nodes(_ value: Any) -> [[String: Any]] {
        switch value {
        case let node as [String: Any]: [node] + node.values.flatMap(nodes)
        case let items as [Any]: items.flatMap(nodes)
        default: []
        }
    }

    static func node(_ type: String, in documents: [Any]) -> [String: Any]? {
        documents.flatMap(nodes).first { $0["@type"] as? String == type }
    }

    @Test("each page type's JSON-LD parses and uses schema.org's vocabulary as defined", arguments: TestDatabase.allCases)
    func vocabulary(database: TestDatabase) async throws {
        let vocabulary = try SchemaVocabulary.load()
        try await withTestApp(database) { app in
            let f = try await ContentFixtures(app)
            let site = try await PageQueryCountTests.seedEveryType(f, copies: 1, times: 1)
            let browser = TestBrowser(app)
            var types: Set<String> = []
            var properties: Set<String> = []
            for (type, path) in site.samples.sorted(by: { $0.key < $1.key }) {
                let page = try await browser.get(path)
                #expect(page.status == .ok, "\(type) at \(path)")
                let documents = try Self.documents(page.body.string)
                #expect(documents.count == 1, "\(type): one JSON-LD block")
                for document in documents {
                    #expect(vocabulary.problems(in: document) == [], "\(type) at \(path)")
                    for node in Self.nodes(document) {
                        if let name = node["@type"] as? String { types.insert(name) }
                        properties.formUnion(node.keys.filter { !$0.hasPrefix("@") })
                    }
                }
            }
            let expectedTypes: Set<String> = ["WebPage", "MedicalWebPage", "FAQPage", "ContactPage", "CollectionPage", "MedicalClinic", "MedicalProcedure",
                                              "Article", "BreadcrumbList", "ListItem", "Question", "Answer", "Person", "OpeningHoursSpecification", "ContactPoint"]
            #expect(expectedTypes.subtracting(types).isEmpty, "types never used: \(expectedTypes.subtracting(types).sorted())")
            let expectedProperties: Set<String> = ["reviewedBy", "lastReviewed", "openingHoursSpecification", "knowsLanguage", "address", "howPerformed",
                                                   "acceptedAnswer", "itemListElement", "author", "datePublished", "breadcrumb", "inLanguage"]
            #expect(expectedProperties.subtracting(properties).isEmpty, "properties never used: \(expectedProperties.subtracting(properties).sorted())")
        }
    }

    @Test("the check refuses what schema.org does not define, or defines elsewhere")
    func checkerRefuses() throws {
        let vocabulary = try SchemaVocabulary.load()
        let good: [String: Any] = ["@context": "https://schema.org", "@graph": [["@type": "MedicalClinic", "name": "A", "openingHoursSpecification": [
            ["@type": "OpeningHoursSpecification", "dayOfWeek": ["https://schema.org/Monday"], "opens": "09:00", "closes": "17:00"]]]]]
        #expect(vocabulary.problems(in: good) == [])
        let cases: [(node: [String: Any], problem: String)] = [
            (["@type": "MedicalClinc"], "is not a schema.org type"),
            (["@type": "MedicalClinic", "openingHour": "Mo-Fr"], "is not a schema.org property"),
            (["@type": "Article", "reviewedBy": ["@type": "Person", "name": "A"]], "does not apply to Article"),
            (["@type": "MedicalClinic", "address": ["@type": "Person", "name": "A"]], "a Person where"),
            (["@type": "OpeningHoursSpecification", "dayOfWeek": "https://schema.org/January"], "where DayOfWeek is expected"),
            (["@type": "WebPage", "lastReviewed": "yesterday"], "is not a Date"),
            (["@type": "WebPage", "url": "/en/"], "is not a URL"),
        ]
        for (node, problem) in cases {
            let found = vocabulary.problems(in: ["@context": "https://schema.org", "@graph": [node]])
            #expect(found.contains { $0.contains(problem) }, "\(node): \(found)")
        }
    }

    @Test("the pages say what they show: the clinic from the contact page, a procedure, questions, an article, the trail, a review",
          arguments: TestDatabase.allCases)
    func facts(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let f = try await ContentFixtures(app)
            let site = try await PageQueryCountTests.seedEveryType(f, copies: 1, times: 1)
            let browser = TestBrowser(app)
            func documents(_ type: String) async throws -> [Any] { try Self.documents(try await browser.get(site.samples[type]!).body.string) }

            let home = try await documents("HomePage")
            let clinic = try #require(Self.node("MedicalClinic", in: home))
            #expect(clinic["@id"] as? String == "http://127.0.0.1:8080/#clinic")
            #expect(clinic["address"] as? String == "Example Street 1, Istanbul")
            #expect(clinic["telephone"] as? String == "+90 212 000 00 00")
            #expect(clinic["knowsLanguage"] as? [String] == ["en", "ar", "fa", "ru"])
            let hours = try #require(clinic["openingHoursSpecification"] as? [[String: Any]])
            #expect(hours.first?["dayOfWeek"] as? [String] == ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"].map { "https://schema.org/" + $0 })
            #expect(hours.first?["opens"] as? String == "09:00")
            #expect(Self.node("BreadcrumbList", in: home) == nil, "the home page is the trail's start, not a step")
            #expect(Self.node("MedicalClinic", in: try await documents("ContactPage"))?["email"] as? String == "info@clinic.example")

            let method = try await documents("MethodPage")
            let procedure = try #require(Self.node("MedicalProcedure", in: method))
            #expect(procedure["howPerformed"] as? String == "The surgeon places a telescopic nail inside the bone.", "plain text, without markup")
            #expect((Self.node("MedicalWebPage", in: method)?["mainEntity"] as? [String: Any])?["@id"] as? String == procedure["@id"] as? String)
            let trail = try #require(Self.node("BreadcrumbList", in: method)?["itemListElement"] as? [[String: Any]])
            #expect(trail.map { $0["position"] as? Int } == [1, 2])
            #expect(trail.map { ($0["item"] as? [String: Any])?["@id"] as? String } == ["http://127.0.0.1:8080/en/", "http://127.0.0.1:8080" + site.samples["MethodPage"]!])
            #expect(trail.map { $0["name"] as? String } == ["Hills Clinic", "MethodPage"])

            let questions = try #require(Self.node("FAQPage", in: try await documents("FAQPage"))?["mainEntity"] as? [[String: Any]])
            #expect(questions.first?["name"] as? String == "Can a relative stay with me?")
            #expect((questions.first?["acceptedAnswer"] as? [String: Any])?["text"] as? String == "Yes.")

            let article = try #require(Self.node("Article", in: try await documents("ArticlePage")))
            #expect(article["datePublished"] as? String == "2027-03-01")
            #expect((article["author"] as? [String: Any])?["name"] as? String == "Physiotherapy team")

            let reviewed = try #require(Self.node("WebPage", in: try await documents("ReviewedOutdatedTranslation")))
            #expect((reviewed["lastReviewed"] as? String)?.wholeMatch(of: /\d{4}-\d{2}-\d{2}/) != nil, "a day, in the clinic's zone")
            #expect((reviewed["reviewedBy"] as? [String: Any])?["@type"] as? String == "Person")
            #expect(reviewed["inLanguage"] as? String == "ar")
        }
    }

    @Test("an editor's text cannot end the JSON-LD block early, and reads back the same", arguments: TestDatabase.allCases)
    func escaping(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let f = try await ContentFixtures(app)
            let title = "Nails </script><script>alert(1)</script> & frames \u{2028}<!--"
            let (home, _) = try await f.site()
            try await f.published("ProcedurePage", under: home, slug: "nails", content: PageContent(title: title, fields: ["summary": "Lengthening."], blocks: []))
            let html = try await TestBrowser(app).get("/en/nails/").body.string
            let block = try #require(html.firstMatch(of: /<script type="application\/ld\+json">(.*?)<\/script>/.dotMatchesNewlines())?.output.1)
            #expect(!block.contains("<") && !block.contains(">") && !block.contains("\u{2028}"))
            #expect(html.components(separatedBy: "<script").count == html.components(separatedBy: "</script>").count, "every script element closes where it opens")
            #expect(Self.node("MedicalProcedure", in: try Self.documents(html))?["name"] as? String == title)
        }
    }
}
