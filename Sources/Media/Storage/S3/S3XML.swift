import Foundation

/// The few values read from S3's small XML documents (an error's `Code` and `Message`, an upload's
/// `UploadId`), by tag name. A full parser would bring libxml2 (FoundationXML) into the binary for
/// documents whose shape S3 fixes; this reads the first element of a name and decodes its entities.
enum S3XML {
    /// The text of the first `<name>…</name>`, entities decoded; nil when there is none.
    static func value(of name: String, in document: String) -> String? {
        guard let open = document.range(of: "<\(name)>"),
            let close = document.range(of: "</\(name)>", range: open.upperBound..<document.endIndex)
        else { return nil }
        return decode(String(document[open.upperBound..<close.lowerBound]))
    }

    /// Whether the document's root element is `name` (after any `<?xml …?>` declaration).
    static func root(of document: String, is name: String) -> Bool {
        var rest = Substring(document).drop(while: \.isWhitespace)
        if rest.hasPrefix("<?"), let end = rest.range(of: "?>") { rest = rest[end.upperBound...].drop(while: \.isWhitespace) }
        return rest.hasPrefix("<\(name)>") || rest.hasPrefix("<\(name) ")
    }

    /// XML's five named entities and numeric references.
    static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            guard let semicolon = rest[amp...].firstIndex(of: ";") else { break }
            let entity = rest[rest.index(after: amp)..<semicolon]
            let named = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'"]
            if let value = named[String(entity)] {
                result += value
            } else if entity.hasPrefix("#x"), let code = UInt32(entity.dropFirst(2), radix: 16), let scalar = Unicode.Scalar(code) {
                result.unicodeScalars.append(scalar)
            } else if entity.hasPrefix("#"), let code = UInt32(entity.dropFirst()), let scalar = Unicode.Scalar(code) {
                result.unicodeScalars.append(scalar)
            } else {
                result += rest[amp...semicolon]
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        return result + rest
    }

    /// `text` safe inside an element.
    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.append(character)
            }
        }
        return result
    }
}
