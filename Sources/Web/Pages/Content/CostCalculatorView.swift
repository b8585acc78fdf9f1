import Content
import Core
import Foundation
import Markup

/// What a visitor asked the calculator, read from the page's query (`?method=0&cm=5&option=1`):
/// text as typed, checked by the calculator.
public struct CostQuestion: Sendable, Equatable {
    public var method: String?
    public var centimetres: String?
    public var options: Set<String> = []
    public var currency: String?

    public init(query: String?) {
        for item in URLComponents(string: "?" + (query ?? ""))?.queryItems ?? [] {
            let value = item.value?.trimmingCharacters(in: .whitespaces)
            switch item.name {
            case "method": method = value
            case "cm": centimetres = value
            case "option": if let value { options.insert(value) }
            case "currency": currency = value
            default: break
            }
        }
    }

    /// Whether the form was sent: a page opened without a question shows no result.
    public var isAsked: Bool { method != nil || centimetres != nil }
}

/// The Cost page's calculator: a form that works as a plain GET form, and with htmx updates the
/// estimate in place (the same page answers both ways, so the figures cannot differ).
struct CostCalculatorView: Node {
    let calculator: CostCalculator
    let rates: [CurrencyRate]
    let question: CostQuestion
    let pagePath: String
    let localizer: Localizer
    let icons: IconSet

    /// What the form says back: the range, or what to correct.
    enum Answer {
        case none
        case estimate(ClosedRange<Int64>, currency: String, rate: CurrencyRate?)
        case problems([String: String])
    }

    var currencies: [String] {
        [calculator.currency] + rates.filter { $0.base == calculator.currency }.map(\.currency).filter { $0 != calculator.currency }
    }

    var answer: Answer {
        guard question.isAsked else { return .none }
        let t = localizer
        var problems: [String: String] = [:]
        let method = question.method.flatMap(Numerals.parseInteger)
        if method.map(calculator.methods.indices.contains) != true { problems["method"] = t.t("Choose one of the options.") }
        let longest = method.flatMap { calculator.methods.indices.contains($0) ? calculator.methods[$0].longest : nil }
            ?? calculator.methods.map(\.longest).max() ?? 1
        let centimetres = question.centimetres.flatMap(Numerals.parseInteger)
        if centimetres.map({ (1...longest).contains($0) }) != true {
            problems["cm"] = t.t("Enter a whole number of centimetres from 1 to {max}.", ["max": Numerals.localized(String(longest), for: t.locale)])
        }
        let options = Set(question.options.compactMap(Numerals.parseInteger))
        if options.count != question.options.count || !options.allSatisfy(calculator.options.indices.contains) {
            problems["option"] = t.t("Choose one of the options.")
        }
        let currency = question.currency ?? calculator.currency
        let rate = rates.first { $0.base == calculator.currency && $0.currency == currency }
        if currency != calculator.currency && rate == nil { problems["currency"] = t.t("Choose one of the options.") }
        guard problems.isEmpty, let method, let centimetres,
              let range = try? calculator.estimate(CostCalculator.Choice(method: method, centimetres: centimetres, options: options)) else {
            return .problems(problems)
        }
        if let rate { return .estimate(rate.convert(range), currency: currency, rate: rate) }
        return .estimate(CurrencyRate.wholeUnits(range, of: currency), currency: currency, rate: nil)
    }

    func render(into buffer: inout String) {
        let t = localizer
        let url = ContentPageView.url(pagePath)
        let answer = answer
        let problems: [String: String] = if case .problems(let found) = answer { found } else { [:] }
        section(.class("rounded-2xl border border-line bg-white p-5 sm:p-6"), .aria(.labelledby, "calculator-title")) {
            h2(.id("calculator-title"), .class("text-2xl font-bold")) { calculator.title ?? t.t("Estimate the cost of your treatment") }
            form(.method(.get), .action(url), .class("mt-4 space-y-4"), .hxGet(url), .hxTarget("#estimate"), .hxSelect("#estimate"),
                 .hxSwap(.outerHTML), .hxTrigger("change, submit"), .hxPushURL) {
                FormField(name: "method", label: t.t("Method"), control: .select(options: calculator.methods.indices.map { (String($0), calculator.methods[$0].name) }),
                          value: question.method ?? "0", error: problems["method"])
                FormField(name: "cm", label: t.t("Lengthening in centimetres"), control: .number, value: question.centimetres ?? "",
                          hint: t.t("Your surgeon advises how much lengthening is safe for you."), error: problems["cm"],
                          isRequired: true)
                if !calculator.options.isEmpty {
                    fieldset(.class("space-y-1")) {
                        legend(.class("font-semibold text-ink")) { t.t("Options") }
                        for index in calculator.options.indices {
                            label(.for("option-\(index)"), .class("flex min-h-11 items-center gap-3 text-ink")) {
                                input(attributes: [.type("checkbox"), .id("option-\(index)"), .name("option"), .value(String(index)), .class("size-6 accent-brand-700")]
                                      + (question.options.contains(String(index)) ? [.checked] : []))
                                calculator.options[index].name
                            }
                        }
                        if let error = problems["option"] { p(.id("field-option-error"), .class("text-sm font-semibold text-red-800")) { error } }
                    }
                }
                if currencies.count > 1 {
                    FormField(name: "currency", label: t.t("Currency"), control: .select(options: currencies.map { ($0, $0) }),
                              value: question.currency ?? calculator.currency, error: problems["currency"])
                }
                Button(t.t("Show the estimate"))
            }
            EstimateView(answer: answer, calculator: calculator, localizer: t)
        }.render(into: &buffer)
    }
}

/// The result, announced when it changes in place: the range, that it is an estimate, what it
/// leaves out, and the rate it was converted at with the rate's date.
struct EstimateView: Node {
    let answer: CostCalculatorView.Answer
    let calculator: CostCalculator
    let localizer: Localizer

    func render(into buffer: inout String) {
        let t = localizer
        div(.id("estimate"), .class("mt-6"), .aria(.live, "polite")) {
            switch answer {
            case .none:
                p(.class("text-muted")) { t.t("Choose a method and a length to see an estimate.") }
            case .problems:
                p(.class("font-semibold text-red-800"), .role("alert")) { t.t("Please correct what is marked above.") }
            case .estimate(let range, let currency, let rate):
                div(.class("rounded-xl bg-brand-50 p-4"), .data("estimate", "\(currency) \(range.lowerBound) \(range.upperBound)")) {
                    p(.class("text-sm font-semibold text-brand-800")) { t.t("Estimated cost") }
                    p(.class("text-2xl font-bold text-ink")) { MoneyText.range(range.lowerBound, range.upperBound, currency, t.locale) }
                    p(.class("mt-2 text-sm")) {
                        t.t("An estimate for planning, not a quote: your price is confirmed after a surgeon has reviewed your medical records.")
                    }
                    if !calculator.excludes.isEmpty {
                        p(.class("mt-2 text-sm")) { t.t("It does not include: {excludes}", ["excludes": calculator.excludes]) }
                    }
                    if let rate {
                        p(.class("mt-2 text-sm text-muted")) {
                            t.t("Converted from {base} at the rate of {date}: 1 {base} = {rate} {currency}.", [
                                "base": rate.base, "currency": rate.currency, "date": rate.date.formatted(t.locale),
                                "rate": Numerals.localized(NSDecimalNumber(decimal: rate.rate).description(withLocale: Locale(identifier: "en_US_POSIX")), for: t.locale),
                            ])
                        }
                    }
                }
            }
        }.render(into: &buffer)
    }
}

/// Amounts as the pages write them.
enum MoneyText {
    /// "EUR 9,000 – 12,000" (or one amount), digits as the locale writes them. In Arabic and
    /// Persian the low end is read first, at the right, and the code follows: each amount is its
    /// own left-to-right island, since one island around the whole range would put the high end
    /// first for a reader from the right (and Arabic-Indic digits would reorder it again).
    static func range(_ low: Int64?, _ high: Int64?, _ currency: String, _ locale: SiteLocale) -> String {
        let format = { (amount: Int64) in Numerals.localized(amount.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en"))), for: locale) }
        let amounts = [low, high].compactMap { $0 }.map(format)
        guard locale.direction == .rightToLeft else { return "\u{2066}\(currency) \(amounts.joined(separator: " – "))\u{2069}" }
        return amounts.map { "\u{2066}\($0)\u{2069}" }.joined(separator: " – ") + " \u{2066}\(currency)\u{2069}"
    }
}
