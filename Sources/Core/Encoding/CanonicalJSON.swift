/// RFC 8785 (JSON Canonicalization Scheme) for `JSONValue`: object members sorted by the UTF-16
/// code units of their names, no insignificant whitespace, strings escaped exactly as ECMAScript's
/// `JSON.stringify` does. Two systems that canonicalize the same value produce the same bytes,
/// which is what a MAC over stored data needs.
public enum CanonicalJSON {
    public struct IntegerOutOfRange: Error, CustomStringConvertible {
        public let value: Int64
        public var description: String { "\(value) is outside the range JSON numbers carry exactly (±2^53 − 1)" }
    }

    public static func encode(_ value: JSONValue) throws(IntegerOutOfRange) -> String {
        var output = ""
        try write(value, to: &output)
        return output
    }

    private static func write(_ value: JSONValue, to output: inout String) throws(IntegerOutOfRange) {
        switch value {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .int(let number):
            guard JSONValue.safeIntegerRange.contains(number) else { throw IntegerOutOfRange(value: number) }
            output += String(number)
        case .string(let text): writeString(text, to: &output)
        case .array(let items):
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 { output += "," }
                try write(item, to: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            let names = members.keys.sorted { Array($0.utf16).lexicographicallyPrecedes(Array($1.utf16)) }
            for (index, name) in names.enumerated() {
                if index > 0 { output += "," }
                writeString(name, to: &output)
                output += ":"
                try write(members[name]!, to: &output)
            }
            output += "}"
        }
    }

    /// Escapes only what JSON requires; everything else (including non-ASCII) stays literal UTF-8.
    public static func writeString(_ text: String, to output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
