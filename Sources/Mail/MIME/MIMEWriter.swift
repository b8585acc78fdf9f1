import Core
import Foundation

/// Writes a `MailMessage` as an RFC 5322 message: ASCII only, lines ending in CRLF and never over
/// 78 characters. Non-ASCII header text becomes RFC 2047 encoded words (UTF-8, base64); both
/// bodies are UTF-8 in base64, inside multipart/alternative with the plain text first.
public enum MIMEWriter {
    public static func write(_ message: MailMessage, boundary: String = "hc-" + UUID().uuidString.lowercased()) -> String {
        var lines: [String] = []
        lines.append(header("From", address(message.from)))
        lines.append(header("To", address(message.to)))
        lines.append(header("Subject", encodedWords(message.subject)))
        lines.append("Date: " + rfc5322Date(message.date))
        lines.append("Message-ID: " + message.messageID)
        lines.append("Content-Language: " + message.language.rawValue)
        lines.append("MIME-Version: 1.0")
        lines.append("Auto-Submitted: auto-generated")
        lines.append("Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"")
        lines.append("")
        lines.append("--" + boundary)
        lines.append(contentsOf: part("text/plain; charset=utf-8", message.text))
        lines.append("--" + boundary)
        lines.append(contentsOf: part("text/html; charset=utf-8", message.html))
        lines.append("--" + boundary + "--")
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    private static func part(_ contentType: String, _ body: String) -> [String] {
        let normalized = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
        let encoded = Data(normalized.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return ["Content-Type: " + contentType, "Content-Transfer-Encoding: base64", ""] + encoded.components(separatedBy: "\r\n")
    }

    static func address(_ address: MailAddress) -> String {
        guard let name = address.name else { return address.address }
        // Letters, digits and spaces may stand as they are; anything else (a dot, a comma, any
        // non-ASCII) would need quoting rules, and an encoded word is always safe.
        let plain = name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == " ") }
        return (plain ? name : encodedWords(name, always: true)) + " <" + address.address + ">"
    }

    /// A header line folded before 78 characters at the spaces between words.
    static func header(_ name: String, _ value: String) -> String {
        var lines: [String] = []
        var current = name + ":"
        for word in value.split(separator: " ", omittingEmptySubsequences: true) {
            if current.count + 1 + word.count > 76 && current.count > name.count + 1 {
                lines.append(current)
                current = ""
            }
            current += " " + word
        }
        lines.append(current)
        return lines.joined(separator: "\r\n")
    }

    /// Plain printable ASCII (with the characters encoded words use left alone) as it is;
    /// anything else as `=?UTF-8?B?…?=` words of at most 75 characters, each holding whole
    /// characters so no client has to join a split one.
    static func encodedWords(_ text: String, always: Bool = false) -> String {
        let plain = !always && text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }
            && !text.contains("=?") && !text.contains("\"")
        if plain { return text }
        // 36 bytes make 48 base64 characters, a 60-character word: with "Subject: " in front the
        // first line stays under 78 (RFC 2047 allows up to 75 per word).
        var words: [String] = []
        var chunk = Data()
        for character in text {
            let bytes = Data(String(character).utf8)
            if chunk.count + bytes.count > 36 {
                words.append("=?UTF-8?B?" + chunk.base64EncodedString() + "?=")
                chunk = Data()
            }
            chunk.append(bytes)
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?" + chunk.base64EncodedString() + "?=") }
        return words.joined(separator: " ")
    }

    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
