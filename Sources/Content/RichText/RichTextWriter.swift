/// Writes the allowed part of a token stream as canonical HTML, keeping a stack of what is open
/// so that the output is always well nested and closed.
struct RichTextWriter {
    private var output = ""
    private var open: [String] = []
    /// Elements dropped with their content (not raw text, so their inside is tokenized): how deep.
    private var dropping: [String] = []

    static let blocks: Set<String> = ["p", "h2", "h3", "h4", "ul", "ol", "li", "blockquote"]
    static let inline: Set<String> = ["strong", "em", "a"]
    /// What editors paste from elsewhere, written as what it means here.
    static let renamed: [String: String] = ["b": "strong", "i": "em", "h1": "h2", "h5": "h4", "h6": "h4", "div": "p"]
    /// Foreign content and containers of active content: gone, with everything inside.
    static let droppedWithContent: Set<String> = ["svg", "math", "object", "embed", "applet", "template", "select", "head", "frameset", "frame",
                                                  "audio", "video", "picture", "canvas", "form", "button", "option", "datalist", "map"]
    static let void: Set<String> = ["br", "img", "hr", "input", "meta", "link", "base", "area", "col", "embed", "param", "source", "track", "wbr"]
    static let maximumDepth = 24

    mutating func add(_ token: HTMLToken) {
        switch token {
        case .start(let raw, let attributes, let selfClosing):
            let name = Self.renamed[raw] ?? raw
            if !dropping.isEmpty || Self.droppedWithContent.contains(name) {
                if !Self.void.contains(name) && !selfClosing { dropping.append(name) }
                return
            }
            if name == "br" {
                ensureFlow()
                output += "<br>"
            } else if Self.blocks.contains(name) {
                openBlock(name, attributes)
            } else if Self.inline.contains(name) {
                openInline(name, attributes)
            }
        case .end(let raw):
            let name = Self.renamed[raw] ?? raw
            if !dropping.isEmpty {
                if let at = dropping.lastIndex(of: name) { dropping.removeSubrange(at...) }
                return
            }
            if name == "br" {
                // `</br>` is a line break to browsers.
                ensureFlow()
                output += "<br>"
            } else if let at = open.lastIndex(of: name) {
                close(downTo: at)
            }
        case .text(let text):
            guard dropping.isEmpty else { return }
            let clean = Self.withoutBidiControls(text)
            if clean.allSatisfy(\.isWhitespace) {
                // Whitespace between blocks is layout of the source, not text.
                if let top = open.last, !["ul", "ol"].contains(top) { output += Self.escape(clean) }
                return
            }
            ensureFlow()
            output += Self.escape(clean)
        }
    }

    mutating func finish() -> String {
        close(downTo: 0)
        return output
    }

    /// Somewhere text may go: inside a block, and inside a list item when in a list.
    private mutating func ensureFlow() {
        if let top = open.last, top == "ul" || top == "ol" { push("li", []) }
        if !open.contains(where: { ["p", "h2", "h3", "h4", "li", "blockquote"].contains($0) }) { push("p", []) }
    }

    private mutating func openBlock(_ name: String, _ attributes: [(name: String, value: String)]) {
        // Paragraphs and headings hold no blocks: a block inside one closes it, as HTML does.
        if let at = open.firstIndex(where: { ["p", "h2", "h3", "h4"].contains($0) }) { close(downTo: at) }
        if name == "li" {
            guard let list = open.lastIndex(where: { $0 == "ul" || $0 == "ol" }) else {
                // An item outside a list is a paragraph.
                return openBlock("p", attributes)
            }
            close(downTo: list + 1)
        } else if let top = open.last, top == "ul" || top == "ol" {
            push("li", [])
        }
        // Inline elements stay inside their block: a block met inside one closes it.
        if let at = open.firstIndex(where: { Self.inline.contains($0) }) { close(downTo: at) }
        push(name, Self.direction(attributes))
    }

    private mutating func openInline(_ name: String, _ attributes: [(name: String, value: String)]) {
        if name == "a", let at = open.lastIndex(of: "a") { close(downTo: at) }
        var kept: [(String, String)] = []
        if name == "a" {
            guard let href = attributes.first(where: { $0.name == "href" }).flatMap({ LinkTarget.allowed($0.value) }) else { return }
            kept.append(("href", href))
            if LinkTarget.isExternal(href) { kept.append(("rel", "noopener noreferrer nofollow")) }
        }
        ensureFlow()
        push(name, kept)
    }

    private mutating func push(_ name: String, _ attributes: [(String, String)]) {
        guard open.count < Self.maximumDepth else { return }
        output += "<" + name
        for (attribute, value) in attributes { output += " \(attribute)=\"\(Self.escape(value, attribute: true))\"" }
        output += ">"
        open.append(name)
    }

    private mutating func close(downTo depth: Int) {
        while open.count > depth { output += "</\(open.removeLast())>" }
    }

    static func direction(_ attributes: [(name: String, value: String)]) -> [(String, String)] {
        guard let dir = attributes.first(where: { $0.name == "dir" })?.value.lowercased(), ["ltr", "rtl", "auto"].contains(dir) else { return [] }
        return [("dir", dir)]
    }

    /// Embeddings, overrides and isolates (U+202A…U+202E, U+2066…U+2069) can make a link's text
    /// read as another; marks (U+200E, U+200F, U+061C) only nudge and stay.
    static func withoutBidiControls(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { !(0x202A...0x202E).contains($0.value) && !(0x2066...0x2069).contains($0.value) }))
    }

    static func escape(_ text: String, attribute: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where attribute: out += "&quot;"
            case "\0": out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
