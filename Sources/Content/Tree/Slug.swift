import Core
import Foundation

/// A page's segment of its URL, in the locale's own script: `/ar/الطرق/` is as good as
/// `/en/methods/`. Normalised so that two slugs that look alike are one: NFC, lower case, no
/// bidirectional or zero-width controls, Persian's yeh and kaf in their Persian forms, and
/// anything that is neither a letter, a digit nor a mark made a single hyphen.
public struct Slug: Sendable, Hashable, Codable, CustomStringConvertible {
    public let value: String

    /// The longest slug, in characters.
    public static let maximumLength = 80

    public var description: String { value }

    /// Nil when nothing of `raw` is left to name a page by.
    public init?(_ raw: String, locale: SiteLocale) {
        let normalised = Self.normalise(raw, locale: locale)
        guard !normalised.isEmpty else { return nil }
        value = normalised
    }

    /// Decoding normalises again: a stored slug is only trusted once it is what `init` makes.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        // A stored slug carries no locale: it must be normalised already, whatever its folds were.
        guard !raw.isEmpty, Self.normalise(raw, locale: nil) == raw else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(raw)' is not a normalised slug")
        }
        value = raw
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    static func normalise(_ raw: String, locale: SiteLocale?) -> String {
        var scalars = String.UnicodeScalarView()
        var pendingHyphen = false
        for scalar in raw.precomposedStringWithCanonicalMapping.lowercased().unicodeScalars {
            if isInvisible(scalar) { continue }
            let folded = fold(scalar, locale: locale)
            let properties = folded.properties
            if properties.isAlphabetic || properties.numericType != nil || properties.generalCategory == .nonspacingMark
                || properties.generalCategory == .spacingMark {
                if pendingHyphen, !scalars.isEmpty { scalars.append("-") }
                pendingHyphen = false
                scalars.append(folded)
            } else {
                pendingHyphen = true
            }
        }
        var slug = String(scalars).precomposedStringWithCanonicalMapping
        if slug.count > maximumLength {
            slug = String(slug.prefix(maximumLength))
            while slug.hasSuffix("-") { slug.removeLast() }
        }
        return slug
    }

    /// Persian is typed on keyboards that give Arabic's yeh and kaf (and alef maksura for yeh):
    /// in a Persian slug they are the Persian letters, so one word is one slug.
    static func fold(_ scalar: Unicode.Scalar, locale: SiteLocale?) -> Unicode.Scalar {
        guard locale == .fa else { return scalar }
        switch scalar.value {
        case 0x064A, 0x0649: return "\u{06CC}"
        case 0x0643: return "\u{06A9}"
        default: return scalar
        }
    }

    /// Bidirectional controls, zero-width characters, the byte order mark, soft hyphen and
    /// Arabic's tatweel, none of which changes how a slug reads.
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x2069, 0xFEFF, 0x061C, 0x00AD, 0x0640: true
        default: false
        }
    }
}
