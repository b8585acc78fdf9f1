import Markup
import Testing

@Suite("Markup renders documents")
struct RenderingTests {
    @Test("a document has the doctype, lang and dir")
    func document() {
        let html = Document(.lang("ar"), .dir("rtl")) {
            head { title { "عيادة" } }
            body { main(.id("main")) { "x" } }
        }.render()
        #expect(html == "<!DOCTYPE html><html lang=\"ar\" dir=\"rtl\"><head><title>عيادة</title></head><body><main id=\"main\">x</main></body></html>")
    }

    @Test("void elements have no closing tag; boolean attributes no value")
    func voidAndBoolean() {
        #expect(input(.name("q"), .required).render() == "<input name=\"q\" required>")
        #expect(meta(.charset("utf-8")).render() == "<meta charset=\"utf-8\">")
    }

    @Test("conditions, optionals and loops build children")
    func controlFlow() {
        let items = ["a", "b"]
        let flag = false
        let optional: String? = "z"
        let html = ul {
            for item in items { li { item } }
            if flag { li { "never" } } else { li { "else" } }
            if let optional { li { optional } }
        }.render()
        #expect(html == "<ul><li>a</li><li>b</li><li>else</li><li>z</li></ul>")
    }

    @Test("scripts are external modules only")
    func scriptsAreExternal() {
        #expect(script(src: SafeURL("/static/app.js")!).render() == "<script type=\"module\" src=\"/static/app.js\"></script>")
    }
}
