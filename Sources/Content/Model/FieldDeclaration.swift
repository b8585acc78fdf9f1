import Core
import Foundation

/// One field of a page type or a block: its name in the stored JSON, its label for the editor's
/// form, what it holds, and whether it must be filled. The same declaration validates a save,
/// describes the API's schema and lays out the admin's form, so a rule is written once.
public struct FieldDeclaration: Sendable {
    public indirect enum Kind: Sendable {
        /// One line of plain text.
        case text(maxLength: Int)
        /// Plain text with line breaks.
        case paragraph(maxLength: Int)
        /// Allowlisted HTML, sanitised as it is saved.
        case richText
        case integer(ClosedRange<Int64>)
        /// An amount of money in the minor unit of its currency (cents): never a fraction.
        case money
        /// A positive decimal number, kept as its text (`1.0845`): JSON's floating point would round it.
        case decimal(maxFractionDigits: Int)
        /// A calendar day, `YYYY-MM-DD`.
        case date
        /// A time of day on the 24-hour clock, `HH:MM`.
        case time
        case choice([String])
        /// A page of this site (`/en/…`), a fragment, or an https, mailto or tel URL.
        case link
        /// A telephone number as people dial it from abroad (`+90 212 000 00 00`).
        case telephone
        case email
        /// A video on a host whose privacy-respecting player the site embeds.
        case videoURL
        /// A media asset by id; it must be approved and consented for public use when saved.
        case asset
        case assets(max: Int)
        /// Short labels, each at most 40 characters.
        case tags(max: Int)
        /// A snippet of one kind, by id.
        case snippet(SnippetKind)
        /// An ordered list of small records, each with these fields.
        case list(item: [FieldDeclaration], max: Int)
    }

    public let name: String
    /// English msgid.
    public let label: String
    public let kind: Kind
    public let required: Bool

    public init(_ name: String, _ label: String, _ kind: Kind, required: Bool = false) {
        self.name = name
        self.label = label
        self.kind = kind
        self.required = required
    }
}

/// What a snippet is: content kept once and shown on many pages.
public enum SnippetKind: String, Sendable, Codable, CaseIterable {
    case testimonial
    case faq
    case teamMember = "team_member"
    /// What one unit of the clinic's currency is worth in another, on a day: the Cost page's
    /// calculator shows estimates in the visitor's currency with it. Kept in one language: a rate
    /// is the same in all of them.
    case currencyRate = "currency_rate"
}
