import Foundation

/// Where a rich-text link may point: a path on this site, or an `https:`, `http:`, `mailto:` or
/// `tel:` address. The scheme is read as a browser reads it (control characters and whitespace
/// inside it ignored), so `java\tscript:` or `&#x6A;avascript:` is the `javascript:` it is.
enum LinkTarget {
    static let schemes: Set<String> = ["https", "http", "mailto", "tel"]

    /// The link as it will be written, or nil when it may not be one.
    static func allowed(_ raw: String) -> String? {
        // Browsers strip leading and trailing C0 controls and spaces, and drop tabs and newlines anywhere.
        let stripped = String(String.UnicodeScalarView(raw.unicodeScalars.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" }))
            .trimmingCharacters(in: .whitespacesAndControls)
        guard !stripped.isEmpty, stripped.count <= 2_000 else { return nil }
        if stripped.hasPrefix("/") {
            // `//host` and `/\host` leave the site.
            return stripped.hasPrefix("//") || stripped.hasPrefix("/\\") ? nil : stripped
        }
        if stripped.hasPrefix("#") || stripped.hasPrefix("?") { return stripped }
        guard let colon = stripped.firstIndex(of: ":") else { return nil }
        let scheme = stripped[..<colon].lowercased()
        guard schemes.contains(scheme), scheme.unicodeScalars.allSatisfy({ $0.isASCII && $0.properties.isAlphabetic }) else { return nil }
        if scheme == "http" || scheme == "https" {
            let rest = stripped[stripped.index(after: colon)...]
            guard rest.hasPrefix("//"), rest.count > 2, !rest.contains("\\") else { return nil }
        }
        return stripped
    }

    static func isExternal(_ href: String) -> Bool {
        href.lowercased().hasPrefix("http://") || href.lowercased().hasPrefix("https://")
    }
}

extension CharacterSet {
    static let whitespacesAndControls = CharacterSet.whitespacesAndNewlines.union(.controlCharacters)
}
