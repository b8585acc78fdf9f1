#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address as raw bytes; IPv4-mapped IPv6 addresses fold to IPv4 so that
/// `::ffff:10.0.0.1` and `10.0.0.1` compare equal.
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// Four bytes for IPv4, sixteen for IPv6.
    public let bytes: [UInt8]

    /// Parses dotted IPv4 or textual IPv6 (no zone, no brackets); nil for anything else.
    public init?(_ text: some StringProtocol) {
        let string = String(text)
        var v4 = in_addr()
        if string.withCString({ inet_pton(AF_INET, $0, &v4) }) == 1 {
            self.bytes = withUnsafeBytes(of: &v4) { Array($0) }
            return
        }
        var v6 = in6_addr()
        if string.withCString({ inet_pton(AF_INET6, $0, &v6) }) == 1 {
            let raw = withUnsafeBytes(of: &v6) { Array($0) }
            let mappedPrefix: [UInt8] = Array(repeating: 0, count: 10) + [0xff, 0xff]
            self.bytes = Array(raw.prefix(12)) == mappedPrefix ? Array(raw.suffix(4)) : raw
            return
        }
        return nil
    }

    public var isIPv4: Bool { bytes.count == 4 }

    public var description: String {
        var output = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = isIPv4 ? AF_INET : AF_INET6
        let ok = bytes.withUnsafeBytes { raw in
            inet_ntop(family, raw.baseAddress, &output, socklen_t(output.count)) != nil
        }
        guard ok else { return "invalid" }
        return output.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}
