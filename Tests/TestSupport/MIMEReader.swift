import Foundation

/// Decodes what MIMEWriter encodes, as a mail client would, to check the round trip.
public enum MIMEReader {
    public static func unfoldedHeaders(_ raw: String) -> [String: String] {
        let head = raw.components(separatedBy: "\r\n\r\n")[0]
        var headers: [String: String] = [:]
        var last: String?
        for line in head.components(separatedBy: "\r\n") {
            if line.hasPrefix(" ") || line.hasPrefix("\t"), let last {
                headers[last]! += line
            } else if let colon = line.firstIndex(of: ":") {
                let name = String(line[..<colon])
                headers[name] = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
                last = name
            }
        }
        return headers
    }

    /// RFC 2047 B-encoded UTF-8 words; the whitespace between adjacent words is dropped.
    public static func decodeWords(_ value: String) -> String {
        var output = Data()
        var plain = ""
        for token in value.split(separator: " ") {
            if token.hasPrefix("=?UTF-8?B?") && token.hasSuffix("?=") {
                output.append(Data(base64Encoded: String(token.dropFirst(10).dropLast(2)))!)
            } else {
                plain += (plain.isEmpty ? "" : " ") + token
            }
        }
        return plain.isEmpty ? String(decoding: output, as: UTF8.self) : plain + String(decoding: output, as: UTF8.self)
    }

    /// The decoded bodies of a multipart/alternative message, by content type.
    public static func parts(_ raw: String) -> [String: String] {
        let boundary = raw.components(separatedBy: "boundary=\"")[1].components(separatedBy: "\"")[0]
        var parts: [String: String] = [:]
        for section in raw.components(separatedBy: "--" + boundary).dropFirst() where !section.hasPrefix("--") {
            let pieces = section.components(separatedBy: "\r\n\r\n")
            let type = pieces[0].components(separatedBy: "Content-Type: ")[1].components(separatedBy: ";")[0]
            let body = pieces[1].replacingOccurrences(of: "\r\n", with: "")
            parts[type] = String(decoding: Data(base64Encoded: body)!, as: UTF8.self)
        }
        return parts
    }
}
