import Foundation
import Core

/// What a new password must be: long enough, not absurdly long, and not guessable. No
/// composition rules (they make passwords worse), and pasting is always allowed (WCAG 2.2 3.3.8).
///
/// "Guessable" is what guessing tools try first: a listed password, a listed word dressed up
/// with digits and symbols ("Password2026!", "Dragon#123456"), a keyboard or alphabet walk in
/// any of our patients' scripts ("qwertyuiop12", "йцукенгшщзхъ", "ضصثقفغعهخحج"), or very few
/// distinct characters ("121212121212").
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
        if isGuessable(password.lowercased()) {
            return msgid("This password is too common. Choose one that is harder to guess.")
        }
        return nil
    }

    func isGuessable(_ password: String) -> Bool {
        if Set(password).count < 5 || commonPasswords.contains(password) { return true }
        let core = Self.core(of: password)
        if !core.isEmpty && (commonPasswords.contains(core) || commonPasswords.contains(Self.unleet(core))) { return true }
        return KeyboardWalks.isWalk(password)
    }

    /// The password without the digits, symbols and spaces around it: "!!Sunshine2026" → "sunshine".
    static func core(of password: String) -> String {
        let isDecoration: (Character) -> Bool = { !$0.isLetter }
        return String(password.drop(while: isDecoration).reversed().drop(while: isDecoration).reversed())
    }

    /// Undoes the usual letter-for-digit swaps: "p4ssw0rd" → "password".
    static func unleet(_ text: String) -> String {
        let swaps: [Character: Character] = ["0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"]
        return String(text.map { swaps[$0] ?? $0 })
    }
}

/// Runs along a keyboard row or an alphabet, in Latin, Cyrillic, Arabic and Persian.
enum KeyboardWalks {
    private static let sequences: [[Character]] = [
        "abcdefghijklmnopqrstuvwxyz", "0123456789", "1234567890",
        "qwertyuiop[]", "asdfghjkl;'", "zxcvbnm,./", "qwertzuiop", "azertyuiop", "qsdfghjklm", "wxcvbn",
        "`1234567890-=", "~!@#$%^&*()_+",
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя", "йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю",
        "ابتثجحخدذرزسشصضطظعغفقكلمنهوي", "ضصثقفغعهخحجد", "شسيبلاتنمكط", "ئءؤرلاىةوزظ",
        "ضصثقفغعهخحجچ", "شسیبلاتنمکگ", "ظطزرذدپو",
    ].map(Array.init)

    /// Which characters follow which on some row or alphabet, in either direction.
    private static let neighbours: [Character: Set<Character>] = {
        var map: [Character: Set<Character>] = [:]
        for sequence in sequences {
            for (a, b) in zip(sequence, sequence.dropFirst()) {
                map[a, default: []].insert(b)
                map[b, default: []].insert(a)
            }
        }
        return map
    }()

    /// True when at most two steps of the password (spaces ignored) leave a row, an alphabet or
    /// a repeated character: "qwerty123456asdf" has two such jumps.
    static func isWalk(_ password: String) -> Bool {
        let characters = Array(password.filter { !$0.isWhitespace })
        guard characters.count > 1 else { return true }
        var jumps = 0
        for (a, b) in zip(characters, characters.dropFirst()) where a != b && !(neighbours[a]?.contains(b) ?? false) {
            jumps += 1
            if jumps > 2 { return false }
        }
        return true
    }
}

/// The shipped list of common passwords and the words they are built on
/// (`Resources/Security/common-passwords.txt`): one per line, `#` starts a comment.
public enum CommonPasswords {
    public static func load(from file: URL) throws -> Set<String> {
        let text = try String(contentsOf: file, encoding: .utf8)
        return Set(text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") })
    }
}
