import Core
import Foundation

/// The Cost page's calculator: a method, the lengthening in centimetres and options, to a price
/// range in the clinic's currency (minor units), from the figures editors keep in the page's
/// `cost_calculator` block. An estimate, never a quote.
public struct CostCalculator: Sendable {
    public struct Method: Sendable {
        public let name: String
        public let base: ClosedRange<Int64>
        public let perCentimetre: ClosedRange<Int64>
        public let longest: Int
    }

    public struct Option: Sendable {
        public let name: String
        public let price: ClosedRange<Int64>
    }

    /// What a visitor asked for: indexes into `methods` and `options`.
    public struct Choice: Sendable, Equatable {
        public var method: Int
        public var centimetres: Int
        public var options: Set<Int>

        public init(method: Int, centimetres: Int, options: Set<Int> = []) {
            self.method = method
            self.centimetres = centimetres
            self.options = options
        }
    }

    public enum Problem: Error, Equatable {
        case unknownMethod
        case length(longest: Int)
        case unknownOption
    }

    public let title: String?
    public let currency: String
    public let methods: [Method]
    public let options: [Option]
    /// What the estimate leaves out (flights, the stay, further operations), in the editors' words.
    public let excludes: String

    /// The first calculator block of a page, priced in `currency`; nil when there is none.
    public init?(blocks: [Block], currency: String) {
        guard let value = blocks.first(where: { $0.kind == BlockKinds.costCalculator.kind })?.value else { return nil }
        func range(_ row: [String: JSONValue], _ low: String, _ high: String) -> ClosedRange<Int64>? {
            guard let from = row[low]?.intValue else { return nil }
            return from...max(from, row[high]?.intValue ?? from)
        }
        let methods = (value["methods"]?.arrayValue ?? []).compactMap(\.objectValue).compactMap { row -> Method? in
            guard let name = row["name"]?.stringValue, let base = range(row, "base_min", "base_max"),
                  let perCentimetre = range(row, "per_cm_min", "per_cm_max"), let longest = row["max_cm"]?.intValue else { return nil }
            return Method(name: name, base: base, perCentimetre: perCentimetre, longest: Int(longest))
        }
        guard !methods.isEmpty else { return nil }
        self.title = value["title"]?.stringValue
        self.currency = currency
        self.methods = methods
        self.options = (value["options"]?.arrayValue ?? []).compactMap(\.objectValue).compactMap { row in
            guard let name = row["name"]?.stringValue, let price = range(row, "min", "max") else { return nil }
            return Option(name: name, price: price)
        }
        self.excludes = value["excludes"]?.stringValue ?? ""
    }

    /// The range for `choice`, in minor units of `currency`.
    public func estimate(_ choice: Choice) throws(Problem) -> ClosedRange<Int64> {
        guard methods.indices.contains(choice.method) else { throw .unknownMethod }
        let method = methods[choice.method]
        guard (1...method.longest).contains(choice.centimetres) else { throw .length(longest: method.longest) }
        guard choice.options.allSatisfy(options.indices.contains) else { throw .unknownOption }
        let centimetres = Int64(choice.centimetres)
        var low = method.base.lowerBound + method.perCentimetre.lowerBound * centimetres
        var high = method.base.upperBound + method.perCentimetre.upperBound * centimetres
        for index in choice.options.sorted() {
            low += options[index].price.lowerBound
            high += options[index].price.upperBound
        }
        return low...high
    }
}
