import Core
import Foundation

/// A phone number in international form (E.164: `+`, the country's calling code, the national
/// number without its trunk zero), from a country picked in a list and digits typed in any script
/// with any spaces, dashes, dots or brackets.
public struct PhoneNumber: Sendable, Equatable, Codable {
    public let e164: String

    /// Nil for a number that cannot be one: a country we do not know, letters, too few or too many digits.
    public init?(country: String, national: String) {
        guard let code = Countries.callingCodes[country] else { return nil }
        var text = Numerals.westernized(national).trimmingCharacters(in: .whitespaces)
        var digits = ""
        var international = false
        if text.hasPrefix("+") {
            international = true
            text.removeFirst()
        } else if text.hasPrefix("00") {
            international = true
            text.removeFirst(2)
        }
        for character in text {
            if character.isASCII, character.isNumber { digits.append(character) }
            else if !" -.()/\u{00A0}".contains(character) { return nil }
        }
        if international {
            // Typed with its own calling code: keep it, whatever country was picked.
            guard (8...15).contains(digits.count) else { return nil }
            e164 = "+" + digits
            return
        }
        // Italy keeps its leading zero; everywhere else it is the trunk prefix.
        if country != "IT" && country != "VA" && country != "SM" {
            while digits.hasPrefix("0") { digits.removeFirst() }
        }
        guard (4...14).contains(digits.count), (code + digits).count <= 15 else { return nil }
        e164 = "+" + code + digits
    }
}
