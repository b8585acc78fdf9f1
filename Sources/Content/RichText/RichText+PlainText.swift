extension RichText {
    /// The words of stored rich text without its markup, blocks and line breaks each a space,
    /// runs of white space one: what a search engine's answer box or an index reads.
    public static func plainText(_ html: String) -> String {
        var tokenizer = HTMLTokenizer(html)
        var words = ""
        for token in tokenizer.tokens() {
            switch token {
            case .text(let text): words += text
            case .start(let name, _, _) where separates(name): words += " "
            case .end(let name) where separates(name): words += " "
            default: break
            }
        }
        return words.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    private static func separates(_ element: String) -> Bool {
        !["a", "b", "strong", "i", "em", "span", "bdi"].contains(element)
    }
}
