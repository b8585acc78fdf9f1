@testable import Content
import Foundation
import Testing
import TestSupport

/// The sanitiser is the one way editors' HTML reaches a page: what it keeps, how it mends markup,
/// and an XSS corpus of which nothing active may survive.
@Suite("Rich text: the allowlist sanitiser")
struct RichTextTests {
    static func clean(_ html: String) -> String { RichText.sanitize(html).html }

    @Test("what an editor writes is kept as it is", arguments: [
        "<p>Lengthening <strong>1 mm</strong> a day, in <em>four</em> steps.</p>",
        "<h2>Who it suits</h2><p>Adults whose growth plates have closed.</p>",
        "<ul><li>X-rays</li><li>Blood tests</li></ul><ol><li>Surgery</li><li>Rehab</li></ol>",
        "<p dir=\"rtl\">العلاج</p><p>Then <a href=\"/en/methods/\">the methods</a>.</p>",
        "<p><a href=\"https://example.org/study\" rel=\"noopener noreferrer nofollow\">A study</a> and <a href=\"mailto:care@hills.example\">mail</a>.</p>",
        "<blockquote><p>It went better than I feared.</p></blockquote>",
        "<p>Line one<br>line two</p>",
        "<ul><li>One<ul><li>Nested</li></ul></li></ul>",
    ])
    func keeps(html: String) {
        #expect(Self.clean(html) == html)
    }

    @Test("pasted and misnested markup is mended the way HTML reads it", arguments: [
        ("Text without a block", "<p>Text without a block</p>"),
        ("<b>bold</b> and <i>italic</i>", "<p><strong>bold</strong> and <em>italic</em></p>"),
        ("<h1>Title</h1>", "<h2>Title</h2>"),
        ("<p>one<p>two", "<p>one</p><p>two</p>"),
        ("<p><strong>bold <em>both</strong> em</em></p>", "<p><strong>bold <em>both</em></strong> em</p>"),
        ("<li>loose item</li>", "<p>loose item</p>"),
        ("<ul>text<li>item</ul>", "<ul><li>text</li><li>item</li></ul>"),
        ("<p>para<ul><li>list</li></ul>", "<p>para</p><ul><li>list</li></ul>"),
        ("<div><span style=\"color:red\" class=\"x\">span</span></div>", "<p>span</p>"),
        ("<a href=\"/a\">one <a href=\"/b\">two</a></a>", "<p><a href=\"/a\">one </a><a href=\"/b\">two</a></p>"),
        ("<p>a &amp; b &lt; c &gt; d &quot;e&quot; &nbsp;f &unknown; &#233;&#x00E9;</p>", "<p>a &amp; b &lt; c &gt; d \"e\" \u{A0}f &amp;unknown; éé</p>"),
        ("<p>unclosed <strong>bold", "<p>unclosed <strong>bold</strong></p>"),
        ("</p></li></ul>stray ends", "<p>stray ends</p>"),
        ("<p>x</br>y</p>", "<p>x<br>y</p>"),
        ("<p>1 < 2 and 3 > 2</p>", "<p>1 &lt; 2 and 3 &gt; 2</p>"),
        ("<p dir=\"sideways\">x</p><p dir=\"RTL\">y</p>", "<p>x</p><p dir=\"rtl\">y</p>"),
        ("<img src=\"/x.png\" alt=\"Frame\"><p>after</p>", "<p>after</p>"),
        ("", ""),
    ])
    func mends(input: String, expected: String) {
        #expect(Self.clean(input) == expected)
    }

    /// Attacks from the well-known filter-evasion lists, in the shapes editors' paste could bring
    /// (Tests/Fixtures/xss-corpus.json, which the browser test renders too).
    static let corpus: [String] = {
        let url = packageRoot.appendingPathComponent("Tests/Fixtures/xss-corpus.json")
        guard let data = try? Data(contentsOf: url), let attacks = try? JSONDecoder().decode([String].self, from: data) else { return [] }
        return attacks
    }()

    @Test("the corpus is there")
    func corpusLoaded() {
        #expect(Self.corpus.count == 70)
    }

    @Test("nothing of the XSS corpus survives as markup that could run", arguments: corpus)
    func corpusIsInert(attack: String) {
        let output = Self.clean(attack)
        let lower = output.lowercased()
        for forbidden in ["<script", "<svg", "<math", "<iframe", "<object", "<embed", "<style", "<link", "<meta", "<base", "<img",
                          "<form", "<input", "<button", "<details", "<video", "<source", "<template", "<textarea", "<title", "<noscript",
                          "<plaintext", "<x", "<!", "<?", "javascript:", "vbscript:", "data:", "srcdoc", "style=", "xlink", "href=\"//",
                          "\u{202E}", "\u{202D}", "\u{202C}", "\u{2066}", "\u{2069}", "\0"] {
            #expect(!lower.contains(forbidden), "\(forbidden) in \(output)")
        }
        // No attribute but those allowed, on no element but those allowed.
        var tokenizer = HTMLTokenizer(output)
        for token in tokenizer.tokens() {
            guard case .start(let name, let attributes, _) = token else { continue }
            #expect(["p", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "strong", "em", "a", "br"].contains(name), "\(name) in \(output)")
            #expect(attributes.allSatisfy { ["href", "rel", "dir"].contains($0.name) }, "\(attributes.map(\.name)) in \(output)")
        }
        #expect(Self.clean(output) == output, "sanitising again changes \(output)")
    }

    @Test("only safe link targets are kept, read as a browser reads them", arguments: [
        ("/en/contact/", "/en/contact/"), ("#costs", "#costs"), ("https://example.org/a?b=1", "https://example.org/a?b=1"),
        ("HTTPS://Example.org", "HTTPS://Example.org"), ("tel:+905551234567", "tel:+905551234567"), ("  /padded  ", "/padded"),
        ("mailto:care@hills.example", "mailto:care@hills.example"),
    ])
    func safeLinks(raw: String, kept: String) {
        #expect(LinkTarget.allowed(raw) == kept)
    }

    @Test("unsafe link targets are refused", arguments: [
        "javascript:alert(1)", "jav\u{0}ascript:alert(1)", "java\tscript:x", "data:text/html,x", "vbscript:x", "file:///etc/passwd",
        "//evil.example", "/\\evil.example", "http:/evil", "https:evil", "relative/path", "", "   ", "ftp://example.org",
    ])
    func unsafeLinks(raw: String) {
        #expect(LinkTarget.allowed(raw) == nil, "\(raw)")
    }

    @Test("stored rich text is sanitised again when it is read back")
    func decodingSanitises() throws {
        let stored = Data(#""<p onclick=\"x()\">hi</p><script>alert(1)</script>""#.utf8)
        let decoded = try JSONDecoder().decode(RichText.self, from: stored)
        #expect(decoded.html == "<p>hi</p>")
        #expect(try JSONDecoder().decode(RichText.self, from: JSONEncoder().encode(decoded)) == decoded)
    }
}
