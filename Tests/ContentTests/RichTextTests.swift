@testable import Content
import Foundation
import Testing

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

    /// Attacks from the well-known filter-evasion lists, in the shapes editors' paste could bring.
    static let corpus: [String] = [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<script/src=//evil.example/x.js>",
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "<<script>script>alert(1)<</script>/script>",
        "<script>document.write('</scr'+'ipt>')</script>",
        "<img src=x onerror=alert(1)>",
        "<img/src=x/onerror=alert(1)>",
        "<p onclick=\"alert(1)\">click</p>",
        "<p ONMOUSEOVER=alert(1)>hover</p>",
        "<a href=\"/x\" onfocus=alert(1) autofocus>focus</a>",
        "<body onload=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
        "<a href=\" javascript:alert(1)\">x</a>",
        "<a href=\"java\tscript:alert(1)\">x</a>",
        "<a href=\"java\nscript:alert(1)\">x</a>",
        "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>",
        "<a href=\"&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)\">x</a>",
        "<a href=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)\">x</a>",
        "<a href=\"javascript&colon;alert(1)\">x</a>",
        "<a href=\"\u{01}javascript:alert(1)\">x</a>",
        "<a href=javascript:alert(1)>x</a>",
        "<a href='vbscript:msgbox(1)'>x</a>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
        "<a href=\"DATA:text/html,<script>alert(1)</script>\">x</a>",
        "<a href=\"//evil.example/\">x</a>",
        "<a href=\"/\\evil.example/\">x</a>",
        "<a href=\"https:evil.example\">x</a>",
        "<a href=\"/ok\" href=\"javascript:alert(1)\">first wins</a>",
        "<svg onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
        "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<math href=\"javascript:alert(1)\">CLICK</math>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
        "<object data=\"javascript:alert(1)\"></object>",
        "<embed src=\"data:text/html,<script>alert(1)</script>\">",
        "<style>@import 'http://evil.example/x.css';</style>",
        "<p style=\"background:url(javascript:alert(1))\">styled</p>",
        "<link rel=stylesheet href=//evil.example/x.css>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<base href=\"javascript:alert(1)//\">",
        "<form action=\"javascript:alert(1)\"><button>go</button></form>",
        "<input onfocus=alert(1) autofocus>",
        "<details open ontoggle=alert(1)>",
        "<video><source onerror=alert(1)></video>",
        "<template><script>alert(1)</script></template>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
        "<textarea><script>alert(1)</script></textarea>",
        "<title><script>alert(1)</script></title>",
        "<!--<script>alert(1)</script>-->",
        "<!-- --!><script>alert(1)</script> -->",
        "<![CDATA[<script>alert(1)</script>]]>",
        "<?xml version=\"1.0\"?><script>alert(1)</script>",
        "<p title=\"\"><script>alert(1)</script>\"\">x</p>",
        "<p title='a' \"onclick=alert(1)\">x</p>",
        "<a href=\"/x\"\"onclick=alert(1)>x</a>",
        "<p/onclick=alert(1)>x</p>",
        "<strong =onclick=alert(1)>x</strong>",
        "<x onclick=alert(1)>unknown element</x>",
        "<plaintext><script>alert(1)</script>",
        "<p>\u{202E}gnp.exe</p>",
        "<a href=\"/safe\">\u{202E}evil\u{202C}</a>",
        "<p>\u{2066}isolate\u{2069} \u{202D}override</p>",
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
        "<a href=\"/x\">&#0;</a>",
        "<p>" + String(repeating: "<em>", count: 500) + "deep" + "</p>",
    ]

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
