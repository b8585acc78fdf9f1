@testable import App
@testable import Content
import Core
import Foundation
import Testing
import TestSupport
import Vapor
@testable import Web

/// The Cost page's calculator: prices kept by editors in cents of the clinic's currency, an
/// estimate for a method, a length and options, converted at a rate editors keep with its date.
@Suite("The cost calculator: an estimate from the CMS's figures, in the visitor's currency")
struct CostCalculatorTests {
    /// A nail at EUR 15,000–24,000 plus 500–800 a centimetre up to 8 cm; a frame; two options.
    static let block = Block(kind: "cost_calculator", value: [
        "title": "Example cost calculator",
        "methods": [
            ["name": "Internal lengthening nail", "base_min": 1_500_000, "base_max": 2_400_000, "per_cm_min": 50_000, "per_cm_max": 80_000, "max_cm": 8],
            ["name": "Ilizarov frame", "base_min": 700_000, "base_max": 1_300_000, "per_cm_min": 30_000, "per_cm_max": 60_000, "max_cm": 10],
        ],
        "options": [
            ["name": "A second bone", "min": 1_200_000, "max": 2_000_000],
            ["name": "Four weeks of physiotherapy", "min": 160_000, "max": 360_000],
        ],
        "excludes": "flights, visas and accommodation after discharge.",
    ])

    static var calculator: CostCalculator { CostCalculator(blocks: [block], currency: "EUR")! }

    @Test("the range adds the method's base, its price per centimetre and each option; bad choices are refused")
    func arithmetic() throws {
        let calculator = Self.calculator
        #expect(try calculator.estimate(.init(method: 0, centimetres: 5)) == 1_750_000...2_800_000)
        #expect(try calculator.estimate(.init(method: 0, centimetres: 5, options: [0, 1])) == 3_110_000...5_160_000)
        #expect(try calculator.estimate(.init(method: 1, centimetres: 10)) == 1_000_000...1_900_000)
        #expect(throws: CostCalculator.Problem.length(longest: 8)) { try calculator.estimate(.init(method: 0, centimetres: 9)) }
        #expect(throws: CostCalculator.Problem.length(longest: 8)) { try calculator.estimate(.init(method: 0, centimetres: 0)) }
        #expect(throws: CostCalculator.Problem.unknownMethod) { try calculator.estimate(.init(method: 2, centimetres: 5)) }
        #expect(throws: CostCalculator.Problem.unknownOption) { try calculator.estimate(.init(method: 0, centimetres: 5, options: [2])) }
        #expect(CostCalculator(blocks: [ContentFixtures.text("<p>No calculator.</p>")], currency: "EUR") == nil)
    }

    @Test("conversion rounds the low end down and the high end up, knows three-digit currencies, and keeps the newest rate of each pair")
    func conversion() throws {
        let day = { CalendarDay($0)! }
        let usd = CurrencyRate(base: "EUR", currency: "USD", rate: Decimal(string: "1.05")!, date: day("2026-12-01"))
        #expect(usd.convert(1_750_001...2_800_001) == 18_375...29_401)
        let kwd = CurrencyRate(base: "EUR", currency: "KWD", rate: Decimal(string: "0.323")!, date: day("2026-12-01"))
        #expect(kwd.convert(1_750_000...2_800_000) == 5_652...9_044)
        let older = CurrencyRate(base: "EUR", currency: "USD", rate: Decimal(string: "1.10")!, date: day("2026-11-01"))
        let latest = CurrencyRate.latest([older, usd])
        #expect(latest.first { $0.base == "EUR" && $0.currency == "USD" } == usd)
        let inverse = try #require(latest.first { $0.base == "USD" && $0.currency == "EUR" }, "the way back is the inverse")
        #expect(inverse.date == usd.date && inverse.convert(105_00...105_00) == 100...100)
    }

    @Test("editors' figures are validated: whole cents, ranges in order, lengths within reason, a rate with its day")
    func validation() async throws {
        var bad = Self.block
        bad.value["methods"] = [["name": "Nail", "base_min": 2_400_000, "base_max": 1_500_000, "per_cm_min": -1, "per_cm_max": 80_000, "max_cm": 40]]
        bad.value["excludes"] = nil
        let errors = PageTypesTests.errors(PageContent(title: "Costs", fields: ["currency": "EUR"], blocks: [bad]), as: "CostPage")
        #expect(errors["blocks.0.methods.0.base_max"] == "This must not be less than the number before it.")
        #expect(errors["blocks.0.methods.0.per_cm_min"] == "This number is outside the allowed range.")
        #expect(errors["blocks.0.methods.0.max_cm"] == "This number is outside the allowed range.")
        #expect(errors["blocks.0.excludes"] == "Fill in this field.")
        #expect(PageTypesTests.errors(PageContent(title: "Costs", fields: ["currency": "EUR"], blocks: [Self.block]), as: "CostPage") == [:])

        try await withTestApp(only: .sqlite, because: "it validates a snippet's fields before anything is written") { app in
            let f = try await ContentFixtures(app)
            func refusal(_ fields: [String: JSONValue]) async -> [String: String] {
                do {
                    _ = try await f.pages.saveSnippet(kind: .currencyRate, locale: .en, fields: fields, by: f.editor, origin: f.origin, on: app.db)
                    return [:]
                } catch let failure as ValidationFailure {
                    return failure.fields
                } catch {
                    return ["error": "\(error)"]
                }
            }
            #expect(await refusal(["base": "EUR", "currency": "EUR", "rate": "1", "date": "2026-12-01"])["fields.currency"]
                    == "Choose a currency other than the price currency.")
            #expect(await refusal(["base": "EUR", "currency": "USD", "rate": "1,05", "date": "2026-12-01"])["fields.rate"]
                    == "Enter a number greater than zero, like 1.0845.")
            #expect(await refusal(["base": "EUR", "currency": "USD", "rate": "0.000", "date": "2026-12-01"])["fields.rate"] != nil)
            #expect(await refusal(["base": "EUR", "currency": "USD", "rate": "1.05"])["fields.date"] == "Fill in this field.")
            #expect(await refusal(["base": "EUR", "currency": "USD", "rate": "۱٫۰۵", "date": "2026-12-01"]) == [:], "Persian digits and separator")
        }
    }

    @Test("a range reads from its low end in every direction: left to right in English, from the right in Arabic and Persian")
    func readingOrder() {
        #expect(MoneyText.range(19_100, 31_600, "EUR", .en) == "\u{2066}EUR 19,100 – 31,600\u{2069}")
        // One island per amount: the low end stands at the right, where an Arabic reader starts.
        #expect(MoneyText.range(19_100, 31_600, "EUR", .ar) == "\u{2066}١٩,١٠٠\u{2069} – \u{2066}٣١,٦٠٠\u{2069} \u{2066}EUR\u{2069}")
        #expect(MoneyText.range(900, nil, "EUR", .fa) == "\u{2066}۹۰۰\u{2069} \u{2066}EUR\u{2069}")
    }

    /// A Cost page with the calculator, and a rate to US dollars.
    static func costPage(_ f: ContentFixtures) async throws {
        let (home, _) = try await f.site()
        try await f.published("CostPage", under: home, slug: "costs",
                              content: PageContent(title: "Treatment costs", fields: ["summary": "Indicative ranges.", "currency": "EUR"], blocks: [block]))
        try await f.pages.saveSnippet(kind: .currencyRate, locale: .en, fields: ["base": "EUR", "currency": "USD", "rate": "1.05", "date": "2026-12-01"],
                                      by: f.editor, origin: f.origin, on: f.app.db)
    }

    @Test("the Cost page answers the form as a plain GET: the range, that it is an estimate, what it excludes, the rate and its date",
          arguments: TestDatabase.allCases)
    func page(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            try await Self.costPage(try await ContentFixtures(app))
            let browser = TestBrowser(app)

            let blank = try await browser.get("/en/costs/").body.string
            #expect(blank.contains(#"<form method="get" action="/en/costs/""#))
            #expect(blank.contains(##"hx-select="#estimate""##) && blank.contains("htmx.min"), "enhanced in place where script runs")
            #expect(blank.contains("Choose a method and a length to see an estimate."))
            #expect(blank.contains(#"<option value="USD">USD</option>"#), "a currency with a rate is offered")

            let euros = try await browser.get("/en/costs/?method=0&cm=5&option=1")
            #expect(euros.status == .ok)
            #expect(euros.body.string.contains("EUR 19,100 – 31,600"))
            #expect(euros.body.string.contains("It does not include: flights, visas and accommodation after discharge."))
            #expect(euros.body.string.contains("not a quote"))
            #expect(euros.body.string.contains(#"<input type="checkbox" id="option-1" name="option" value="1" class="size-6 accent-brand-700" checked>"#),
                    "the form keeps what was chosen")

            let dollars = try await browser.get("/en/costs/?method=0&cm=5&option=1&currency=USD").body.string
            #expect(dollars.contains("USD 20,055 – 33,180"))
            #expect(dollars.contains("Converted from EUR at the rate of December 1, 2026: 1 EUR = 1.05 USD."))

            let persian = try await browser.get("/en/costs/?method=0&cm=%DB%B5").body.string
            #expect(persian.contains("EUR 17,500 – 28,000"), "a length typed in Persian digits")

            for query in ["method=0&cm=9", "method=0&cm=five", "method=7&cm=5", "method=0&cm=5&option=9", "method=0&cm=5&currency=XYZ",
                          "method=&cm=", "cm=5&option=%3Cscript%3E"] {
                let refused = try await browser.get("/en/costs/?" + query)
                #expect(refused.status == .ok, "\(query)")
                #expect(refused.body.string.contains("Please correct what is marked above."), "\(query)")
                #expect(!refused.body.string.contains("<script>"), "\(query)")
            }
            #expect(try await browser.get("/en/costs/?method=0&cm=9").body.string.contains("Enter a whole number of centimetres from 1 to 8."))
        }
    }
}
