import Core
import Foundation

/// Checks values against their declarations and returns them cleaned (text trimmed, rich text
/// sanitised, empty optional values dropped), with a message per bad field keyed by its path
/// (`fields.cost_min`, `blocks.2.items.0.question`). References to assets and snippets are
/// collected for one batched check against the database afterwards.
struct FieldValidator {
    struct Reference: Hashable {
        enum Target: Hashable {
            case asset(UUID)
            case snippet(SnippetKind, UUID)
        }
        let target: Target
        let path: String
    }

    private(set) var errors: [String: String] = [:]
    private(set) var references: [Reference] = []

    static let tagLength = 40
    /// Pairs of fields that bound a range, wherever they appear together.
    static let ranges = [("min", "max"), ("cost_min", "cost_max"), ("base_min", "base_max"), ("per_cm_min", "per_cm_max")]
    /// A clinic's largest price in cents, well inside the integers JSON carries exactly.
    static let largestAmount: Int64 = 100_000_000_000
    static let videoHosts: Set<String> = ["www.youtube.com", "youtube.com", "youtu.be", "www.youtube-nocookie.com", "vimeo.com", "player.vimeo.com"]

    mutating func fail(_ path: String, _ message: String) {
        if errors[path] == nil { errors[path] = message }
    }

    /// The cleaned record, or nil when something in it is wrong (see `errors`).
    mutating func record(_ values: [String: JSONValue], declared fields: [FieldDeclaration], at prefix: String) -> [String: JSONValue] {
        var cleaned: [String: JSONValue] = [:]
        let known = Set(fields.map(\.name))
        for name in values.keys.sorted() where !known.contains(name) {
            fail(prefix + name, msgid("This field does not belong here."))
        }
        for field in fields {
            let path = prefix + field.name
            guard let raw = values[field.name], let value = clean(raw, field.kind, at: path) else {
                if field.required { fail(path, Self.requiredMessage(field.kind)) }
                continue
            }
            cleaned[field.name] = value
        }
        for (low, high) in Self.ranges {
            if let from = cleaned[low]?.intValue, let to = cleaned[high]?.intValue, from > to {
                fail(prefix + high, msgid("This must not be less than the number before it."))
            }
        }
        return cleaned
    }

    static func requiredMessage(_ kind: FieldDeclaration.Kind) -> String {
        switch kind {
        case .asset, .assets: msgid("Choose an image.")
        case .snippet: msgid("Choose one.")
        case .list: msgid("Add at least one item.")
        case .choice: msgid("Choose one of the options.")
        default: msgid("Fill in this field.")
        }
    }

    /// nil for an empty value (absent, null, blank text, empty list), which a required field refuses.
    private mutating func clean(_ value: JSONValue, _ kind: FieldDeclaration.Kind, at path: String) -> JSONValue? {
        if value == .null { return nil }
        switch kind {
        case .text(let maxLength), .paragraph(let maxLength):
            guard let text = value.stringValue else { return wrongType(path) }
            var trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping
            if case .text = kind { trimmed = trimmed.split(whereSeparator: \.isNewline).joined(separator: " ") }
            if trimmed.isEmpty { return nil }
            if trimmed.count > maxLength {
                fail(path, msgid("This is too long."))
                return nil
            }
            return .string(trimmed)
        case .richText:
            guard let html = value.stringValue else { return wrongType(path) }
            if html.count > RichText.maximumLength {
                fail(path, msgid("This is too long."))
                return nil
            }
            let sanitized = RichText.sanitize(html)
            return sanitized.isEmpty ? nil : .string(sanitized.html)
        case .integer(let range):
            guard let number = value.intValue else { return wrongType(path, msgid("Enter a whole number.")) }
            guard range.contains(number) else {
                fail(path, msgid("This number is outside the allowed range."))
                return nil
            }
            return value
        case .money:
            guard let number = value.intValue else { return wrongType(path, msgid("Enter a whole number.")) }
            guard (0...Self.largestAmount).contains(number) else {
                fail(path, msgid("This number is outside the allowed range."))
                return nil
            }
            return value
        case .decimal(let digits):
            guard let text = value.stringValue.map({ Numerals.westernized($0).trimmingCharacters(in: .whitespaces) }) else { return wrongType(path) }
            if text.isEmpty { return nil }
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigitCharacter) }),
                  parts[0].count <= 12, (parts.count == 1 || parts[1].count <= digits), text.contains(where: { $0 != "0" && $0 != "." }) else {
                return wrongType(path, msgid("Enter a number greater than zero, like 1.0845."))
            }
            return .string(text)
        case .date:
            guard let text = value.stringValue?.trimmingCharacters(in: .whitespaces) else { return wrongType(path) }
            if text.isEmpty { return nil }
            guard CalendarDay(text) != nil else { return wrongType(path, msgid("Enter a date as year-month-day, like 2027-06-30.")) }
            return .string(text)
        case .time:
            guard let text = value.stringValue?.trimmingCharacters(in: .whitespaces) else { return wrongType(path) }
            if text.isEmpty { return nil }
            let parts = Numerals.westernized(text).split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCIIDigitCharacter) }),
                  let hours = Int(parts[0]), let minutes = Int(parts[1]), hours < 24, minutes < 60 else {
                return wrongType(path, msgid("Enter a time as hours and minutes, like 09:30."))
            }
            return .string(parts.joined(separator: ":"))
        case .choice(let options):
            guard let text = value.stringValue else { return wrongType(path) }
            if text.isEmpty { return nil }
            guard options.contains(text) else { return wrongType(path, msgid("Choose one of the options.")) }
            return value
        case .link:
            guard let text = value.stringValue?.trimmingCharacters(in: .whitespaces) else { return wrongType(path) }
            if text.isEmpty { return nil }
            guard let allowed = LinkTarget.allowed(text) else {
                return wrongType(path, msgid("Enter a page of this site (starting with /) or a full https address."))
            }
            return .string(allowed)
        case .telephone:
            guard let text = value.stringValue?.trimmingCharacters(in: .whitespaces) else { return wrongType(path) }
            if text.isEmpty { return nil }
            let digits = text.filter(\.isASCIIDigitCharacter)
            guard text.hasPrefix("+"), (7...15).contains(digits.count), text.dropFirst().allSatisfy({ $0.isASCIIDigitCharacter || " -()".contains($0) }) else {
                return wrongType(path, msgid("Enter the number with its country code, like +90 212 000 00 00."))
            }
            return .string(text)
        case .email:
            guard let text = value.stringValue?.trimmingCharacters(in: .whitespaces).lowercased() else { return wrongType(path) }
            if text.isEmpty { return nil }
            let parts = text.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), text.count <= 254,
                  text.unicodeScalars.allSatisfy({ $0.isASCII && !CharacterSet.whitespacesAndNewlines.contains($0) && !"<>\"'".unicodeScalars.contains($0) }) else {
                return wrongType(path, msgid("Enter an email address, like info@example.com."))
            }
            return .string(text)
        case .videoURL:
            guard let text = value.stringValue?.trimmingCharacters(in: .whitespaces) else { return wrongType(path) }
            if text.isEmpty { return nil }
            guard VideoEmbed(text) != nil else { return wrongType(path, msgid("Enter the address of a YouTube or Vimeo video.")) }
            return .string(text)
        case .asset:
            guard let id = value.stringValue.flatMap(UUID.init(uuidString:)) else { return wrongType(path, msgid("Choose an image.")) }
            references.append(Reference(target: .asset(id), path: path))
            return .string(id.uuidString.lowercased())
        case .assets(let max):
            guard let items = value.arrayValue else { return wrongType(path, msgid("Choose an image.")) }
            if items.isEmpty { return nil }
            guard items.count <= max else {
                fail(path, msgid("There are too many items here."))
                return nil
            }
            var ids: [JSONValue] = []
            for (index, item) in items.enumerated() {
                guard let id = item.stringValue.flatMap(UUID.init(uuidString:)) else { return wrongType("\(path).\(index)", msgid("Choose an image.")) }
                references.append(Reference(target: .asset(id), path: "\(path).\(index)"))
                ids.append(.string(id.uuidString.lowercased()))
            }
            return .array(ids)
        case .tags(let max):
            guard let items = value.arrayValue else { return wrongType(path) }
            var tags: [String] = []
            for item in items {
                guard let tag = item.stringValue?.trimmingCharacters(in: .whitespaces).lowercased() else { return wrongType(path) }
                guard tag.count <= Self.tagLength else { return wrongType(path, msgid("Keep each tag under 40 characters.")) }
                if !tag.isEmpty && !tags.contains(tag) { tags.append(tag) }
            }
            guard tags.count <= max else { return wrongType(path, msgid("There are too many items here.")) }
            return tags.isEmpty ? nil : .array(tags.map { .string($0) })
        case .snippet(let snippetKind):
            guard let id = value.stringValue.flatMap(UUID.init(uuidString:)) else { return wrongType(path, msgid("Choose one.")) }
            references.append(Reference(target: .snippet(snippetKind, id), path: path))
            return .string(id.uuidString.lowercased())
        case .list(let item, let max):
            guard let items = value.arrayValue else { return wrongType(path) }
            if items.isEmpty { return nil }
            guard items.count <= max else {
                fail(path, msgid("There are too many items here."))
                return nil
            }
            var records: [JSONValue] = []
            for (index, element) in items.enumerated() {
                guard let object = element.objectValue else { return wrongType("\(path).\(index)") }
                records.append(.object(record(object, declared: item, at: "\(path).\(index).")))
            }
            return .array(records)
        }
    }

    private mutating func wrongType(_ path: String, _ message: String = msgid("This value is not of the right kind.")) -> JSONValue? {
        fail(path, message)
        return nil
    }
}

/// A day of the calendar, without a time or a zone.
public struct CalendarDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int, month: Int, day: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1900...2200).contains(year), (1...12).contains(month) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: DateComponents(year: year, month: month, day: day)),
              calendar.component(.day, from: date) == day else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

/// A video the site may embed, as the privacy-respecting player of its host.
public struct VideoEmbed: Sendable, Equatable {
    public let playerURL: String

    public init?(_ text: String) {
        guard let components = URLComponents(string: text), components.scheme == "https",
              let host = components.host?.lowercased(), FieldValidator.videoHosts.contains(host) else { return nil }
        let segments = components.path.split(separator: "/").map(String.init)
        let id: String?
        let isVimeo = host.hasSuffix("vimeo.com")
        if host == "youtu.be" {
            id = segments.first
        } else if isVimeo {
            id = segments.last { $0.allSatisfy(\.isASCIIDigitCharacter) }
        } else if segments.first == "watch" {
            id = components.queryItems?.first { $0.name == "v" }?.value
        } else if segments.count == 2, ["embed", "shorts", "live"].contains(segments[0]) {
            id = segments[1]
        } else {
            id = nil
        }
        guard let id, (6...32).contains(id.count), id.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_") }) else {
            return nil
        }
        playerURL = isVimeo ? "https://player.vimeo.com/video/\(id)?dnt=1" : "https://www.youtube-nocookie.com/embed/\(id)"
    }
}

extension Character {
    var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}
