/// One language's translations, parsed from a gettext `.po` file.
public struct POCatalog: Sendable {
    /// One translatable message: its forms (one, or one per plural category).
    public struct Entry: Sendable, Equatable {
        public var translations: [String]
        public var pluralID: String?
    }

    /// Keyed by msgid, or `context + "\u{4}" + msgid` when a msgctxt is given (gettext's own convention).
    public private(set) var entries: [String: Entry] = [:]
    /// The `Plural-Forms` header, verbatim.
    public private(set) var pluralFormsHeader: String?

    public init(entries: [String: Entry] = [:], pluralFormsHeader: String? = nil) {
        self.entries = entries
        self.pluralFormsHeader = pluralFormsHeader
    }

    /// The translated forms of `msgid`, nil when absent or left empty by the translator.
    public func translations(of msgid: String, context: String? = nil) -> [String]? {
        let key = context.map { "\($0)\u{4}\(msgid)" } ?? msgid
        guard let entry = entries[key], entry.translations.contains(where: { !$0.isEmpty }) else { return nil }
        return entry.translations
    }

    /// `nplurals` from the header, if present.
    public var declaredPluralCount: Int? {
        guard let header = pluralFormsHeader, let range = header.range(of: "nplurals=") else { return nil }
        return Int(header[range.upperBound...].prefix { $0.isNumber })
    }
}

/// A parse failure with the line it happened on.
public struct POParseError: Error, Sendable, CustomStringConvertible {
    public let line: Int
    public let reason: String
    public var description: String { "line \(line): \(reason)" }
}
