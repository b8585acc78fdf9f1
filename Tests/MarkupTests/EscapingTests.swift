import Markup
import Testing

@Suite("Markup escapes by construction")
struct EscapingTests {
    static let hostile = "\" ' < > & <script>alert(1)</script>"

    @Test("text escapes every HTML-significant character")
    func textIsEscaped() {
        let html = p { Self.hostile }.render()
        #expect(html == "<p>&quot; &#39; &lt; &gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;</p>")
    }

    @Test("every string attribute escapes its value", arguments: [
        Attribute.id(hostile), .class(hostile), .lang(hostile), .dir(hostile), .title(hostile), .role(hostile),
        .data("x", hostile), .aria(.label, hostile), .rel(hostile), .hreflang(hostile), .charset(hostile),
        .name(hostile), .content(hostile), .property(hostile), .media(hostile), .type(hostile), .crossorigin(hostile),
        .datetime(hostile), .alt(hostile), .loading(hostile), .decoding(hostile), .value(hostile), .for(hostile),
        .placeholder(hostile), .autocomplete(hostile), .inputmode(hostile), .pattern(hostile), .min(hostile),
        .max(hostile), .enctype(hostile),
    ])
    func attributeIsEscaped(attribute: Attribute) {
        let html = span(attribute).render()
        #expect(!html.contains("<script"))
        #expect(html.filter { $0 == "\"" }.count == 2, "only the delimiting quotes may remain: \(html)")
        #expect(html.contains("&quot; &#39; &lt; &gt; &amp;"))
    }

    @Test("URL attributes escape the URL they carry")
    func urlAttributesAreEscaped() {
        let url = SafeURL("/search?q=\"><script>&x='1'")!
        for attribute in [Attribute.href(url), .src(url), .action(url)] {
            let html = a(attribute).render()
            #expect(html.contains("&quot;&gt;&lt;script&gt;&amp;x=&#39;1&#39;"))
            #expect(!html.contains("<script"))
        }
    }

    @Test("the sanitised-HTML hatch is the only raw path and says so")
    func sanitizedHTMLIsRaw() {
        let html = div { SanitizedHTML(alreadySanitized: "<em>ok</em>") }.render()
        #expect(html == "<div><em>ok</em></div>")
    }
}
