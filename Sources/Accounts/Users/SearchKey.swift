import Foundation

/// The form names and addresses are searched in: trimmed, Unicode NFC and case-folded, with runs
/// of spaces made one. Kept in columns of their own (`name_key`, `last_name_key`) so a search is a
/// prefix range on an index, the same on SQLite and PostgreSQL, whose own case folding (SQLite's
/// is ASCII only) is never asked.
public enum SearchKey {
    public static func fold(_ text: String) -> String {
        // Control and format characters (a NUL, which PostgreSQL refuses in text) never match.
        let visible = String(String.UnicodeScalarView(text.unicodeScalars.filter {
            ![.control, .format, .surrogate, .unassigned].contains($0.properties.generalCategory)
        }))
        return EmailNormalization.normalize(visible).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The name as it is searched: first and last name together, so "sara nas" finds Sara Nasser.
    static func name(first: String, last: String) -> String {
        fold([first, last].filter { !$0.isEmpty }.joined(separator: " "))
    }

    /// The smallest string above every string that starts with `prefix`, in code-point order.
    static func upperBound(_ prefix: String) -> String { prefix + "\u{10FFFF}" }
}
