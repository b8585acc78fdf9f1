/// Rich text as pages store and show it: HTML that has passed `RichText.sanitize`, and only that.
/// Its one initialiser is the sanitiser, so a value of this type is safe to put in a page as it is.
public struct RichText: Sendable, Hashable, Codable {
    /// The sanitised HTML: a fixed point of the sanitiser.
    public let html: String

    private init(sanitized html: String) { self.html = html }

    /// Decoding sanitises again: stored JSON is input like any other.
    public init(from decoder: any Decoder) throws {
        self = RichText.sanitize(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(html)
    }

    public var isEmpty: Bool { html.isEmpty }

    /// The longest input read; the rest is dropped (a page's body is far shorter).
    public static let maximumLength = 200_000

    /// An editor's HTML reduced to paragraphs, headings (h2 to h4), lists, emphasis, line breaks
    /// and links (`https:`, `http:`, `mailto:`, `tel:`, or a path on this site), with `dir` on
    /// blocks. Everything else goes: other elements keep their text, scripts, styles, SVG and
    /// MathML lose their content too, and every other attribute is dropped. Text outside a block
    /// becomes a paragraph; misnested tags are closed where HTML would close them; explicit
    /// bidirectional embeddings, overrides and isolates are removed (`dir` says the direction).
    public static func sanitize(_ html: String) -> RichText {
        var tokenizer = HTMLTokenizer(String(html.prefix(maximumLength)))
        var writer = RichTextWriter()
        for token in tokenizer.tokens() { writer.add(token) }
        return RichText(sanitized: writer.finish())
    }
}
