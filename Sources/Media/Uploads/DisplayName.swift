import Foundation

/// The name an upload is shown under. Stored objects never use it (their keys are generated), so
/// it only has to be harmless to show: no path, no control or direction-changing characters, not
/// empty, not endless. Letters of every script stay, and so does the zero-width non-joiner that
/// Persian spelling needs.
public struct DisplayName: Sendable, Hashable, CustomStringConvertible {
    public let value: String
    /// The extension, lower case, without the dot; nil when the name has none.
    public let fileExtension: String?

    public static let maximumLength = 120

    public init(sanitizing raw: String) {
        // Whatever came before the last separator is a client's folder, not part of the name.
        let last = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var scalars = String.UnicodeScalarView()
        for scalar in last.precomposedStringWithCanonicalMapping.unicodeScalars where !Self.isRefused(scalar) {
            scalars.append(scalar.properties.isWhitespace ? " " : scalar)
        }
        var name = String(scalars).split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        name = String(name.drop(while: { $0 == "." || $0 == " " }))
        while let end = name.last, end == "." || end == " " { name.removeLast() }

        var ext: String?
        if let dot = name.lastIndex(of: "."), dot != name.startIndex {
            let candidate = name[name.index(after: dot)...].lowercased()
            if (1...10).contains(candidate.count), candidate.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) {
                ext = candidate
            }
        }
        if name.count > Self.maximumLength {
            let suffix = ext.map { "." + $0 } ?? ""
            name = String(name.prefix(Self.maximumLength - suffix.count)) + suffix
        }
        if name.isEmpty || name == ext.map({ "." + $0 }) {
            name = "upload" + (ext.map { "." + $0 } ?? "")
        }
        self.value = name
        self.fileExtension = ext
    }

    /// Control characters, direction overrides and isolates, invisible separators and the
    /// byte-order mark; not the joiners that Arabic-script and Indic text use.
    static func isRefused(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x200B, 0x200E, 0x200F, 0x061C, 0xFEFF, 0x2028, 0x2029: return true
        case 0x202A...0x202E, 0x2066...0x2069: return true
        default: return scalar.properties.generalCategory == .unassigned || scalar.properties.generalCategory == .privateUse
        }
    }

    public var description: String { value }
}
