/// The one place where text becomes safe HTML.
enum Escaping {
    /// Appends `text` with `& < > " '` replaced by character references. The same escaping serves
    /// text and double-quoted attribute values, so no context can be escaped the wrong way.
    static func appendEscaped(_ text: String, to buffer: inout String) {
        // Fast path: most text has nothing to escape.
        if !text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) {
            buffer += text
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": buffer += "&amp;"
            case "<": buffer += "&lt;"
            case ">": buffer += "&gt;"
            case "\"": buffer += "&quot;"
            case "'": buffer += "&#39;"
            default: buffer.unicodeScalars.append(scalar)
            }
        }
    }
}

/// Text for XML documents that are not pages (sitemaps): the same five characters escaped.
public enum XMLText {
    public static func escaped(_ text: String) -> String {
        var buffer = ""
        Escaping.appendEscaped(text, to: &buffer)
        return buffer
    }
}
