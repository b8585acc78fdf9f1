import Markup
import Testing

@Suite("SafeURL refuses URLs that run code")
struct SafeURLTests {
    @Test("script-bearing schemes are refused, however disguised", arguments: [
        "javascript:alert(1)", "JavaScript:alert(1)", "  javascript:alert(1)", "\u{01}javascript:alert(1)",
        "java\tscript:alert(1)", "java\nscript:alert(1)", "jav\rascript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)", "file:///etc/passwd", "blob:https://x/y", "JAVASCRIPT:alert(1)",
    ])
    func refused(raw: String) {
        #expect(SafeURL(raw) == nil)
    }

    @Test("relative and navigation URLs are accepted", arguments: [
        "/ar/", "#main", "?page=2", "https://example.org/a", "http://example.org", "mailto:care@example.org",
        "tel:+966500000000", "//cdn.example.org/x.css", "./page:with-colon", "a/b:c",
    ])
    func accepted(raw: String) {
        #expect(SafeURL(raw)?.value == raw)
    }

    @Test("paths percent-encode their segments")
    func pathEncodesSegments() {
        #expect(SafeURL.path("ar", "a b/c?d#e", trailingSlash: true).value == "/ar/a%20b%2Fc%3Fd%23e/")
        #expect(SafeURL.path("en", trailingSlash: true).value == "/en/")
    }
}
