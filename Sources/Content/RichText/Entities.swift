/// Character references in text and attribute values. Only what editors' HTML holds is decoded
/// (the five of XML, `&nbsp;`, and numbers); any other `&name;` stays as it was written, and is
/// escaped on the way out, so a browser never decodes anything the sanitiser did not see.
enum Entities {
    static let named: [String: Unicode.Scalar] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}"]

    static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            guard scalars[i] == "&", let (scalar, length) = reference(scalars, at: i) else {
                out.append(scalars[i])
                i += 1
                continue
            }
            out.append(scalar)
            i += length
        }
        return String(out)
    }

    /// The character `&…` at `start` stands for, and how many scalars it takes.
    private static func reference(_ scalars: [Unicode.Scalar], at start: Int) -> (Unicode.Scalar, Int)? {
        var i = start + 1
        if i < scalars.count, scalars[i] == "#" {
            i += 1
            let hex = i < scalars.count && (scalars[i] == "x" || scalars[i] == "X")
            if hex { i += 1 }
            var value: UInt32 = 0
            var digits = 0
            while i < scalars.count, scalars[i].isASCII, let digit = UInt32(String(scalars[i]), radix: hex ? 16 : 10) {
                value = min(value * (hex ? 16 : 10) + digit, 0x110000)
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            if i < scalars.count, scalars[i] == ";" { i += 1 }
            // NUL, surrogates and values past Unicode are the replacement character, as browsers make them.
            let scalar = value == 0 ? nil : Unicode.Scalar(value)
            return (scalar ?? "\u{FFFD}", i - start)
        }
        var name = ""
        while i < scalars.count, scalars[i].isASCII, Self.isAlphanumeric(scalars[i]), name.count < 8 {
            name.unicodeScalars.append(scalars[i])
            i += 1
        }
        guard let scalar = named[name] else { return nil }
        if i < scalars.count, scalars[i] == ";" { i += 1 }
        return (scalar, i - start)
    }

    private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9")
    }
}
