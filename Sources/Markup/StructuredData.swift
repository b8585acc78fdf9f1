/// A JSON-LD block for search engines: `<script type="application/ld+json">`, a data block the
/// browser never runs (the CSP's script rules do not apply to it).
///
/// Its text is raw to the HTML parser until `</script`, so an editor's `</script><script>…`
/// inside a string must not end it early: `<`, `>` and `&` become `\u003c`, `\u003e` and
/// `\u0026`, which JSON reads back as the same characters. U+2028 and U+2029 are escaped too, for
/// consumers that read JSON as JavaScript. Outside strings JSON has none of these characters,
/// so the replacement is safe over the whole text.
public struct StructuredData: Node {
    let json: String

    /// `json` must be a valid JSON text.
    public init(json: String) {
        self.json = json
    }

    public func render(into buffer: inout String) {
        buffer += #"<script type="application/ld+json">"#
        for scalar in json.unicodeScalars {
            switch scalar {
            case "<": buffer += "\\u003c"
            case ">": buffer += "\\u003e"
            case "&": buffer += "\\u0026"
            case "\u{2028}": buffer += "\\u2028"
            case "\u{2029}": buffer += "\\u2029"
            default: buffer.unicodeScalars.append(scalar)
            }
        }
        buffer += "</script>"
    }
}
