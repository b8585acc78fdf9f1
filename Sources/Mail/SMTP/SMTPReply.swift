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

    /// Whether the refusal is about this message (its recipient or its content), so that no
    /// retry can help. A 5xx at the greeting, EHLO, STARTTLS, AUTH or MAIL FROM is about our
    /// setup (a rotated password, say): fixed, every waiting message must still go.
    public var isPermanentForMessage: Bool {
        if case .permanent(_, _, let during) = self { return during == "RCPT TO" || during == "end of data" }
        return false
    }

    public var description: String {
        switch self {
        case .transient(let code, let text, let during): "SMTP \(code) during \(during) (temporary): \(Self.withoutAddresses(text))"
        case .permanent(let code, let text, let during): "SMTP \(code) during \(during): \(Self.withoutAddresses(text))"
        case .connection(let problem): "SMTP connection: \(problem)"
        case .protocolViolation(let problem): "SMTP server misbehaved: \(problem)"
        }
    }

    /// A server's reply text often quotes the recipient ("550 5.1.1 <sara@…> unknown"); the
    /// description, which reaches logs and the job's last error, keeps only its domain.
    static func withoutAddresses(_ text: String) -> String {
        text.split(separator: " ", omittingEmptySubsequences: false).map { word -> String in
            guard let at = word.lastIndex(of: "@") else { return String(word) }
            return "[address]@" + word[word.index(after: at)...].filter { $0 != ">" && $0 != "'" && $0 != "\"" }
        }.joined(separator: " ")
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
