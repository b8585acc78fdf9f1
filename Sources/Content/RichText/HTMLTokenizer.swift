/// What the rich-text sanitiser reads an editor's HTML as: text, tags and nothing else. It
/// follows the HTML parsing rules that matter for safety (comments, bogus comments, attribute
/// quoting, entities in text and values) without building a document; anything it cannot read
/// as a tag is text, and text is always escaped on the way out.
enum HTMLToken {
    /// Text with its entities decoded.
    case text(String)
    /// A start tag: its name in lower case and its attributes (names lower case, values decoded),
    /// first occurrence of each name only, as browsers keep it.
    case start(name: String, attributes: [(name: String, value: String)], selfClosing: Bool)
    case end(name: String)
}

struct HTMLTokenizer {
    private let scalars: [Unicode.Scalar]
    private var index = 0

    init(_ html: String) {
        scalars = Array(html.unicodeScalars)
    }

    /// Elements whose content is never markup: up to their end tag, it is skipped whole.
    static let rawText: Set<String> = ["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"]

    mutating func tokens() -> [HTMLToken] {
        var result: [HTMLToken] = []
        var text = String.UnicodeScalarView()
        func flush() {
            if !text.isEmpty { result.append(.text(Entities.decode(String(text)))) }
            text = String.UnicodeScalarView()
        }
        while index < scalars.count {
            let scalar = scalars[index]
            guard scalar == "<", index + 1 < scalars.count else {
                text.append(scalar)
                index += 1
                continue
            }
            let next = scalars[index + 1]
            if next == "!" || next == "?" {
                flush()
                skipComment()
            } else if next == "/" {
                guard index + 2 < scalars.count, Self.isLetter(scalars[index + 2]) else {
                    // `</>` is dropped, `</ x>` and the like are a bogus comment.
                    flush()
                    if index + 2 < scalars.count, scalars[index + 2] == ">" { index += 3 } else { skipToClosingBracket() }
                    continue
                }
                flush()
                index += 2
                let name = readName()
                skipToClosingBracket()
                result.append(.end(name: name))
            } else if Self.isLetter(next) {
                flush()
                index += 1
                let tag = readStartTag()
                result.append(tag)
                // `<script/>` is still an open script in HTML: its content is skipped all the same.
                if case .start(let name, _, _) = tag, Self.rawText.contains(name) { skipRawText(until: name) }
            } else {
                text.append(scalar)
                index += 1
            }
        }
        flush()
        return result
    }

    static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
    }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar == "\u{0C}"
    }

    /// `<!-- … -->`, or any `<!…>` and `<?…>`, as browsers do: a bogus comment to the next `>`.
    private mutating func skipComment() {
        if index + 3 < scalars.count, scalars[index + 2] == "-", scalars[index + 3] == "-" {
            index += 4
            // `<!-->` and `<!--->` end at once.
            if index < scalars.count, scalars[index] == ">" { index += 1; return }
            if index + 1 < scalars.count, scalars[index] == "-", scalars[index + 1] == ">" { index += 2; return }
            while index < scalars.count {
                if scalars[index] == "-", index + 2 < scalars.count, scalars[index + 1] == "-",
                   scalars[index + 2] == ">" || (scalars[index + 2] == "!" && index + 3 < scalars.count && scalars[index + 3] == ">") {
                    index += scalars[index + 2] == ">" ? 3 : 4
                    return
                }
                index += 1
            }
            return
        }
        skipToClosingBracket()
    }

    private mutating func skipToClosingBracket() {
        while index < scalars.count, scalars[index] != ">" { index += 1 }
        index += 1
    }

    private mutating func readName() -> String {
        var name = String.UnicodeScalarView()
        while index < scalars.count, !Self.isSpace(scalars[index]), scalars[index] != "/", scalars[index] != ">" {
            name.append(scalars[index])
            index += 1
        }
        return String(name).lowercased()
    }

    private mutating func readStartTag() -> HTMLToken {
        let name = readName()
        var attributes: [(name: String, value: String)] = []
        var selfClosing = false
        while index < scalars.count {
            let scalar = scalars[index]
            if Self.isSpace(scalar) { index += 1; continue }
            if scalar == ">" { index += 1; break }
            if scalar == "/" {
                index += 1
                if index < scalars.count, scalars[index] == ">" { selfClosing = true; index += 1; break }
                continue
            }
            var attribute = String.UnicodeScalarView()
            // The first character may be `=` (an attribute named "="), as browsers read it.
            repeat {
                attribute.append(scalars[index])
                index += 1
            } while index < scalars.count && !Self.isSpace(scalars[index]) && !["/", ">", "="].contains(scalars[index])
            while index < scalars.count, Self.isSpace(scalars[index]) { index += 1 }
            var value = ""
            if index < scalars.count, scalars[index] == "=" {
                index += 1
                while index < scalars.count, Self.isSpace(scalars[index]) { index += 1 }
                value = readValue()
            }
            let attributeName = String(attribute).lowercased()
            if !attributes.contains(where: { $0.name == attributeName }) {
                attributes.append((attributeName, Entities.decode(value)))
            }
        }
        return .start(name: name, attributes: attributes, selfClosing: selfClosing)
    }

    private mutating func readValue() -> String {
        guard index < scalars.count else { return "" }
        var value = String.UnicodeScalarView()
        let quote = scalars[index]
        if quote == "\"" || quote == "'" {
            index += 1
            while index < scalars.count, scalars[index] != quote {
                value.append(scalars[index])
                index += 1
            }
            index += 1
        } else {
            while index < scalars.count, !Self.isSpace(scalars[index]), scalars[index] != ">" {
                value.append(scalars[index])
                index += 1
            }
        }
        return String(value)
    }

    /// Skips a raw-text element's content and its end tag (`</script >` in any case).
    private mutating func skipRawText(until name: String) {
        let closing = Array("</\(name)".unicodeScalars)
        while index < scalars.count {
            if scalars[index] == "<", index + closing.count <= scalars.count,
               zip(scalars[index..<(index + closing.count)], closing).allSatisfy({ String($0).lowercased() == String($1) }),
               index + closing.count == scalars.count || Self.isSpace(scalars[index + closing.count])
                || scalars[index + closing.count] == ">" || scalars[index + closing.count] == "/" {
                index += closing.count
                skipToClosingBracket()
                return
            }
            index += 1
        }
    }
}
