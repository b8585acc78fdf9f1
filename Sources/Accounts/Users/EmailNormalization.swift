import Foundation

/// The form in which e-mail addresses are compared and kept unique: trimmed, Unicode NFC, and
/// case-folded with Unicode's rules (SQLite's NOCASE folds ASCII only, so the database is not
/// asked to do it). The address as typed is kept separately for display and for sending.
public enum EmailNormalization {
    public static func normalize(_ address: String) -> String {
        address.trimmingCharacters(in: .whitespacesAndNewlines)
            .precomposedStringWithCanonicalMapping
            .folding(options: [.caseInsensitive], locale: nil)
    }
}
