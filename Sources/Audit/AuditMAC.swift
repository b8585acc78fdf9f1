import Core
import Crypto
import Foundation

/// The chain's link: MAC(n) = HMAC-SHA256(audit key, MAC(n−1) ‖ canonical envelope(n)), starting
/// from 32 zero bytes. Changing, inserting or removing an event breaks every later link, and
/// without the key (which never enters the database) nobody can forge new ones.
enum AuditMAC {
    static let genesis = String(repeating: "0", count: 64)

    /// The head row's own seal: HMAC(audit key, "head" ‖ seq ‖ MAC). Without the key nobody can
    /// set the head back to an earlier event (after deleting the newest) and seal it again.
    static func seal(_ head: AuditCheckpoint, key: DerivedKey) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data("head\n\(head.seq)\n\(head.mac)".utf8), using: key.symmetricKey)
        return Data(code).hexString
    }

    static func compute(_ entry: AuditEntry, previous: String, key: DerivedKey) -> String {
        var message = Data(hex: previous) ?? Data(count: 32)
        message.append(Data(entry.canonicalEnvelope.utf8))
        let code = HMAC<SHA256>.authenticationCode(for: message, using: key.symmetricKey)
        return Data(code).hexString
    }
}

extension Data {
    var hexString: String { map { String(format: "%02x", $0) }.joined() }

    init?(hex: String) {
        guard hex.utf8.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(hex.utf8.count / 2)
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        self.init(bytes)
    }
}
