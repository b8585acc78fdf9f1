import Foundation

import Foundation

extension SiteLocale {
    /// Picks the best supported locale for an `Accept-Language` header (RFC 9110 §12.5.4).
    ///
    /// Ranges are ordered by their `q` weight (ties keep the header's order); `ar-SA` matches `ar`;
    /// `q=0` excludes a language; anything unparseable is ignored rather than failing the request.
    public static func negotiate(acceptLanguage header: String?) -> SiteLocale {
        guard let header, !header.isEmpty else { return fallback }
        var ranges: [(tag: String, weight: Double, order: Int)] = []
        for (order, item) in header.split(separator: ",").prefix(32).enumerated() {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = parts.first, !tag.isEmpty else { continue }
            var weight = 1.0
            for parameter in parts.dropFirst() where parameter.lowercased().hasPrefix("q=") {
                weight = Double(parameter.dropFirst(2)) ?? 0
            }
            guard weight > 0, weight <= 1 else { continue }
            ranges.append((tag.lowercased(), weight, order))
        }
        ranges.sort { $0.weight != $1.weight ? $0.weight > $1.weight : $0.order < $1.order }
        for range in ranges {
            if range.tag == "*" { return fallback }
            let primary = range.tag.split(separator: "-").first.map(String.init) ?? range.tag
            if let locale = SiteLocale(rawValue: primary) { return locale }
        }
        return fallback
    }
}
