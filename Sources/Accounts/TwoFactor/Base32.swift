import Foundation

/// RFC 4648 base32 without padding: how authenticator apps take a TOTP secret.
public enum Base32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    public static func encode(_ data: Data) -> String {
        var output = ""
        var buffer = 0
        var bits = 0
        for byte in data {
            buffer = (buffer << 8) | Int(byte)
            bits += 8
            while bits >= 5 {
                output.unicodeScalars.append(Unicode.Scalar(alphabet[(buffer >> (bits - 5)) & 31]))
                bits -= 5
            }
        }
        if bits > 0 { output.unicodeScalars.append(Unicode.Scalar(alphabet[(buffer << (5 - bits)) & 31])) }
        return output
    }

    public static func decode(_ text: String) -> Data? {
        var output = Data()
        var buffer = 0
        var bits = 0
        for character in text.uppercased().utf8 where character != UInt8(ascii: "=") && character != UInt8(ascii: " ") {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            buffer = (buffer << 5) | value
            bits += 5
            if bits >= 8 {
                output.append(UInt8((buffer >> (bits - 8)) & 0xFF))
                bits -= 8
            }
        }
        return output
    }
}
