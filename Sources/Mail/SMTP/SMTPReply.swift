/// One server reply: a three-digit code and its text lines (several for EHLO).
public struct SMTPReply: Sendable, Equatable {
    public var code: Int
    public var lines: [String]

    public var isPositive: Bool { (200..<400).contains(code) }
    public var text: String { lines.joined(separator: " ") }
}

/// Why a send failed. Every case is worth a retry through the job queue except `permanent`,
/// and even that one is retried a few times by the job, since servers misreport.
public enum SMTPError: Error, CustomStringConvertible, Equatable {
    /// A 4xx reply: the server asks us to try later.
    case transient(code: Int, text: String, during: String)
    /// A 5xx reply.
    case permanent(code: Int, text: String, during: String)
    /// The connection closed, timed out or could not be opened.
    case connection(String)
    /// The server broke the rules in a way that may be an attack (no STARTTLS offered, data
    /// sent ahead of the TLS handshake, a malformed reply).
    case protocolViolation(String)

    public var description: String {
        switch self {
        case .transient(let code, let text, let during): "SMTP \(code) during \(during) (temporary): \(text)"
        case .permanent(let code, let text, let during): "SMTP \(code) during \(during): \(text)"
        case .connection(let problem): "SMTP connection: \(problem)"
        case .protocolViolation(let problem): "SMTP server misbehaved: \(problem)"
        }
    }
}

/// Splits the byte stream into replies: `250-first`, `250-more`, `250 last`.
struct SMTPReplyParser {
    private var pending: [String] = []
    private var pendingCode: Int?

    /// Feeds one line (without CRLF); returns a reply when `line` ends one.
    mutating func feed(_ line: String) throws(SMTPError) -> SMTPReply? {
        let bytes = Array(line.utf8)
        guard bytes.count >= 3, let code = Int(String(decoding: bytes[0..<3], as: UTF8.self)), (200...599).contains(code),
              bytes.count == 3 || bytes[3] == UInt8(ascii: " ") || bytes[3] == UInt8(ascii: "-") else {
            throw .protocolViolation("malformed reply line")
        }
        if let pendingCode, pendingCode != code { throw .protocolViolation("reply codes differ inside one reply") }
        pendingCode = code
        pending.append(bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : "")
        guard bytes.count == 3 || bytes[3] == UInt8(ascii: " ") else { return nil }
        defer { pending = []; pendingCode = nil }
        return SMTPReply(code: code, lines: pending)
    }
}
