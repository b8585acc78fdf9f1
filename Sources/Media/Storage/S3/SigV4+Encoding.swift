import Crypto
import Foundation

extension SigV4 {
    /// RFC 3986 percent-encoding of the UTF-8 bytes, as SigV4 wants it: `A-Z a-z 0-9 - _ . ~` stay
    /// (and `/`, when encoding a path), every other byte becomes `%XX` in upper-case hex.
    public static func encode(_ text: String, keepingSlashes: Bool = false) -> String {
        var result = [UInt8]()
        result.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                result.append(byte)
            case UInt8(ascii: "/") where keepingSlashes:
                result.append(byte)
            default:
                result += [UInt8(ascii: "%"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// Lower-case hex, as SigV4 writes hashes and signatures.
    public static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var result = [UInt8]()
        for byte in bytes { result += [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]] }
        return String(decoding: result, as: UTF8.self)
    }

    /// Hex SHA-256 of `bytes`, the `x-amz-content-sha256` of a body.
    public static func payloadHash<Bytes: DataProtocol>(_ bytes: Bytes) -> String {
        hex(SHA256.hash(data: bytes))
    }

    /// Hex SHA-256 of no bytes.
    public static let emptyPayloadHash = payloadHash([UInt8]())
}

/// A moment as SigV4 writes it, in UTC: `20261202T100000Z`, and its day `20261202` for the scope.
struct AmzTime {
    let stamp: String
    var day: String { String(stamp.prefix(8)) }

    init(_ date: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String {
            let value = value ?? 0
            return value < 10 ? "0\(value)" : "\(value)"
        }
        stamp =
            "\(parts.year ?? 0)" + two(parts.month) + two(parts.day) + "T" + two(parts.hour) + two(parts.minute) + two(parts.second) + "Z"
    }
}
