import Core
import Crypto
import Foundation

/// Time-based one-time passwords as RFC 6238 and every authenticator app define them:
/// HMAC-SHA-1, six digits, 30-second steps.
public enum TOTP {
    public static let stepSeconds: TimeInterval = 30
    public static let digits = 6

    public static func step(at date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 / stepSeconds).rounded(.down))
    }

    /// The code for `step` (RFC 4226 dynamic truncation).
    public static func code(secret: Data, step: Int64) -> String {
        var counter = UInt64(bitPattern: step).bigEndian
        let message = withUnsafeBytes(of: &counter) { Data($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let value = (UInt32(mac[offset] & 0x7F) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        let code = String(value % 1_000_000)
        return String(repeating: "0", count: digits - code.count) + code
    }

    /// The step whose code `code` is, within one step of `date` either way (clocks drift), and
    /// later than `after` (a code is never accepted twice). Nil otherwise.
    public static func matchingStep(_ code: String, secret: Data, at date: Date, after: Int64?) -> Int64? {
        let digitsOnly = code.filter { !$0.isWhitespace }
        guard digitsOnly.count == digits, digitsOnly.allSatisfy(\.isASCII), digitsOnly.allSatisfy(\.isNumber) else { return nil }
        let now = step(at: date)
        var found: Int64?
        // Every candidate is computed and compared, so the time taken does not say which matched.
        for candidate in (now - 1)...(now + 1) {
            let expected = TOTP.code(secret: secret, step: candidate)
            if ConstantTime.equals(Array(expected.utf8), Array(digitsOnly.utf8)), candidate > (after ?? Int64.min) { found = candidate }
        }
        return found
    }
}
