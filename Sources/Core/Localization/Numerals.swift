import Foundation

/// Digits in the scripts our patients type: Western (0–9), Arabic-Indic (٠–٩) and Persian (۰–۹).
public enum Numerals {
    /// Rewrites Arabic-Indic and Persian digits, and the Arabic decimal and thousands separators,
    /// into ASCII so that any numeric input parses the same whichever keyboard typed it.
    public static func westernized(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0660...0x0669: result.append(Unicode.Scalar(scalar.value - 0x0660 + 0x30)!)
            case 0x06F0...0x06F9: result.append(Unicode.Scalar(scalar.value - 0x06F0 + 0x30)!)
            case 0x066B: result.append(".")  // ARABIC DECIMAL SEPARATOR
            case 0x066C: result.append(",")  // ARABIC THOUSANDS SEPARATOR
            default: result.append(scalar)
            }
        }
        return String(result)
    }

    /// An integer typed in any of the three digit sets, with surrounding spaces allowed; nil otherwise.
    public static func parseInteger(_ text: String) -> Int? {
        Int(westernized(text).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// A decimal number typed in any of the three digit sets (`.` or `٫` as the separator).
    public static func parseDecimal(_ text: String) -> Double? {
        let plain = westernized(text).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !plain.isEmpty, plain.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") }) else { return nil }
        return Double(plain)
    }

    /// ASCII digits in `text` shown in the locale's own digits: Persian for fa, Arabic-Indic for ar.
    public static func localized(_ text: String, for locale: SiteLocale) -> String {
        let zero: UInt32
        switch locale {
        case .ar: zero = 0x0660
        case .fa: zero = 0x06F0
        case .en, .ru: return text
        }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if (0x30...0x39).contains(scalar.value) {
                result.append(Unicode.Scalar(scalar.value - 0x30 + zero)!)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }
}
