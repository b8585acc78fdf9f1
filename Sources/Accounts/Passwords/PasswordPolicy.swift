import Foundation
import Core

/// What a new password must be: long enough, not absurdly long, and not a common one. No
/// composition rules (they make passwords worse), and pasting is always allowed (WCAG 2.2 3.3.8).
public struct PasswordPolicy: Sendable {
    public static let minimumLength = 12
    public static let maximumLength = 256

    let commonPasswords: Set<String>

    public init(commonPasswords: Set<String>) {
        self.commonPasswords = commonPasswords
    }

    /// The msgid of what is wrong with `password`, or nil when it is acceptable.
    public func problem(with password: String) -> String? {
        let length = password.count
        if length < Self.minimumLength { return msgid("Use at least 12 characters.") }
        if length > Self.maximumLength { return msgid("Use at most 256 characters.") }
        // "aaaaaaaaaaaa" and "121212121212" are long but guessed at once.
        if Set(password.lowercased()).count < 5 || commonPasswords.contains(password.lowercased()) {
            return msgid("This password is too common. Choose one that is harder to guess.")
        }
        return nil
    }
}

/// The shipped list of common passwords (`Resources/Security/common-passwords.txt`): one per
/// line, `#` starts a comment.
public enum CommonPasswords {
    public static func load(from file: URL) throws -> Set<String> {
        let text = try String(contentsOf: file, encoding: .utf8)
        return Set(text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") })
    }
}
