/// A sequence number and the MAC the chain had there, as written to the log and `/metrics`.
/// Kept outside the database, a checkpoint shows when the newest events were deleted or the
/// whole chain was rebuilt by someone holding the key.
public struct AuditCheckpoint: Sendable, Hashable, CustomStringConvertible {
    public var seq: Int64
    /// Lowercase hex; a checkpoint an operator types may give only a prefix (12 hex digits or more).
    public var mac: String

    public init(seq: Int64, mac: String) {
        self.seq = seq
        self.mac = mac
    }

    /// Parses `SEQ:MAC` as printed by `audit verify` and the checkpoint log line.
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let seq = Int64(parts[0]), seq >= 0 else { return nil }
        let mac = parts[1].lowercased()
        guard (12...64).contains(mac.count), mac.allSatisfy(\.isHexDigit) else { return nil }
        self.init(seq: seq, mac: mac)
    }

    /// The first 48 bits of the MAC as a number: exact in a Prometheus sample (a double), so the
    /// metrics history keeps a usable fingerprint of every head it scraped.
    public var fingerprint: Int64 {
        Int64(mac.prefix(12), radix: 16) ?? 0
    }

    func matches(_ mac: String) -> Bool { mac.hasPrefix(self.mac) }

    public var description: String { "\(seq):\(mac)" }
}
