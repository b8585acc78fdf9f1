/// A URL that may stand in `href`, `src` or `action`: relative, or with a scheme that cannot run code.
///
/// `javascript:`, `data:`, `vbscript:` and every other scheme not listed are refused, also when
/// disguised with case, leading control characters or embedded tabs and newlines (which browsers
/// strip before they read the scheme).
public struct SafeURL: Sendable, Hashable, CustomStringConvertible {
    /// The URL exactly as it will be written (then escaped) into the attribute.
    public let value: String

    /// Schemes that only navigate or hand off to an app.
    public static let allowedSchemes: Set<String> = ["http", "https", "mailto", "tel"]

    /// Accepts `string` when it is relative or uses an allowed scheme; nil otherwise.
    public init?(_ string: String) {
        guard let scheme = Self.scheme(of: string) else {
            self.value = string
            return
        }
        guard Self.allowedSchemes.contains(scheme) else { return nil }
        self.value = string
    }

    /// A path on this site; the segments are percent-encoded, so user text cannot change the path's shape.
    public static func path(_ segments: String..., trailingSlash: Bool = false) -> SafeURL {
        path(segments: segments, trailingSlash: trailingSlash)
    }

    /// A path on this site from an array of segments, each percent-encoded.
    public static func path(segments: [String], trailingSlash: Bool = false) -> SafeURL {
        let encoded = segments.map(PercentEncoding.pathSegment).joined(separator: "/")
        return SafeURL(trusted: "/" + encoded + (trailingSlash && !encoded.isEmpty ? "/" : ""))
    }

    /// This path with a query string, every name and value percent-encoded.
    public func with(query items: [(name: String, value: String)]) -> SafeURL {
        guard !items.isEmpty else { return self }
        let query = items.map { PercentEncoding.pathSegment($0.name) + "=" + PercentEncoding.pathSegment($0.value) }.joined(separator: "&")
        return SafeURL(trusted: value + (value.contains("?") ? "&" : "?") + query)
    }

    private init(trusted value: String) { self.value = value }

    public var description: String { value }

    /// The lower-cased scheme as a browser would read it, or nil for a relative reference.
    static func scheme(of string: String) -> String? {
        // Browsers drop leading C0 controls and spaces and remove tabs and newlines anywhere.
        let scalars = string.unicodeScalars
            .drop { $0.value <= 0x20 }
            .filter { $0 != "\t" && $0 != "\n" && $0 != "\r" }
        var scheme = ""
        for scalar in scalars {
            if scalar == ":" { return scheme.isEmpty ? "" : scheme.lowercased() }
            let isLetter = ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
            let isOther = ("0"..."9").contains(scalar) || scalar == "+" || scalar == "-" || scalar == "."
            guard isLetter || (!scheme.isEmpty && isOther) else { return nil }
            scheme.unicodeScalars.append(scalar)
        }
        return nil
    }
}

/// Percent-encoding for the parts of URLs we build.
public enum PercentEncoding {
    /// Encodes everything but RFC 3986 unreserved characters, so `/`, `?`, `#` and `%` stay data.
    public static func pathSegment(_ segment: String) -> String {
        var result = ""
        for byte in segment.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                result.unicodeScalars.append("%")
                result.unicodeScalars.append(hex[Int(byte >> 4)])
                result.unicodeScalars.append(hex[Int(byte & 0x0F)])
            }
        }
        return result
    }

    /// The same encoding for a value in a query string (`?next=…`).
    public static func queryValue(_ value: String) -> String {
        pathSegment(value)
    }
}
