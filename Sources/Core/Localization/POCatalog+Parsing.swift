import Foundation

extension POCatalog {
    /// Parses the subset of the PO format we write: comments, `msgctxt`, `msgid`, `msgid_plural`,
    /// `msgstr` and `msgstr[n]`, multi-line strings and C escapes. Entries flagged `fuzzy` are skipped,
    /// as gettext does, since a translator has not confirmed them.
    public init(parsing text: String) throws(POParseError) {
        var entries: [String: Entry] = [:]
        var pluralForms: String?

        var context: String?
        var msgid: String?
        var pluralID: String?
        var forms: [Int: String] = [:]
        var fuzzy = false
        var nextIsFuzzy = false
        // Which string a continuation line ("…") extends.
        enum Field { case context, id, plural, form(Int) }
        var current: Field?

        func finish() {
            defer {
                context = nil; msgid = nil; pluralID = nil; forms = [:]; current = nil; fuzzy = false
            }
            guard let id = msgid, !fuzzy else { return }
            if id.isEmpty {
                pluralForms = forms[0]?
                    .split(separator: "\n")
                    .first { $0.hasPrefix("Plural-Forms:") }
                    .map { String($0.dropFirst("Plural-Forms:".count)).trimmingCharacters(in: .whitespaces) }
                return
            }
            let translations = (0..<((forms.keys.max() ?? 0) + 1)).map { forms[$0] ?? "" }
            let key = context.map { "\($0)\u{4}\(id)" } ?? id
            entries[key] = Entry(translations: translations, pluralID: pluralID)
        }

        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = offset + 1
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if line.hasPrefix("#") {
                if line.hasPrefix("#,") && line.contains("fuzzy") { nextIsFuzzy = true }
                continue
            }
            if line.hasPrefix("\"") {
                let value = try Self.unquote(line, line: number)
                switch current {
                case .context: context = (context ?? "") + value
                case .id: msgid = (msgid ?? "") + value
                case .plural: pluralID = (pluralID ?? "") + value
                case .form(let i): forms[i, default: ""] += value
                case nil: throw POParseError(line: number, reason: "string without a keyword before it")
                }
                continue
            }
            guard let space = line.firstIndex(of: " ") else {
                throw POParseError(line: number, reason: "expected a keyword and a quoted string")
            }
            let keyword = String(line[..<space])
            let value = try Self.unquote(line[line.index(after: space)...].trimmingCharacters(in: .whitespaces), line: number)
            switch keyword {
            case "msgctxt":
                finish()
                context = value
                current = .context
            case "msgid":
                if current.map({ if case .context = $0 { return false } else { return true } }) ?? false { finish() }
                msgid = value
                fuzzy = nextIsFuzzy
                nextIsFuzzy = false
                current = .id
            case "msgid_plural":
                pluralID = value
                current = .plural
            case "msgstr":
                forms[0] = value
                current = .form(0)
            default:
                guard keyword.hasPrefix("msgstr["), keyword.hasSuffix("]"),
                      let index = Int(keyword.dropFirst(7).dropLast()), (0..<10).contains(index)
                else {
                    throw POParseError(line: number, reason: "unknown keyword '\(keyword)'")
                }
                forms[index] = value
                current = .form(index)
            }
        }
        finish()
        self.init(entries: entries, pluralFormsHeader: pluralForms)
    }

    private static func unquote(_ text: String, line: Int) throws(POParseError) -> String {
        guard text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") else {
            throw POParseError(line: line, reason: "expected a string in double quotes")
        }
        var result = ""
        var escaping = false
        for character in text.dropFirst().dropLast() {
            if escaping {
                switch character {
                case "n": result.append("\n")
                case "t": result.append("\t")
                case "\"": result.append("\"")
                case "\\": result.append("\\")
                default: throw POParseError(line: line, reason: "unknown escape \\\(character)")
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else if character == "\"" {
                throw POParseError(line: line, reason: "unescaped quote inside a string")
            } else {
                result.append(character)
            }
        }
        if escaping { throw POParseError(line: line, reason: "string ends with a lone backslash") }
        return result
    }
}
