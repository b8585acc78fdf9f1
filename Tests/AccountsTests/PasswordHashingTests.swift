@testable import Accounts
@testable import App
import Core
import Foundation
import Testing
import TestSupport

@Suite("Password hashing and policy")
struct PasswordHashingTests {
    static let keyring = try! SecretKeyring(parsing: "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")
    static let hashing = PasswordHashing(keyring: keyring, bcrypt: VaporBcrypt(), cost: 4)

    @Test("the right password verifies, a wrong one and a malformed hash do not")
    func verify() async throws {
        let stored = try await Self.hashing.hash("correct horse battery staple")
        #expect(stored.hasPrefix("hc1$k1$$2b$04$"))
        #expect(await Self.hashing.verify("correct horse battery staple", against: stored))
        #expect(await !Self.hashing.verify("correct horse battery stapler", against: stored))
        #expect(await !Self.hashing.verify("correct horse battery staple", against: "garbage"))
        #expect(await !Self.hashing.verify("correct horse battery staple", against: "hc1$gone$" + stored.dropFirst(7)))
    }

    @Test("Arabic passphrases that differ after 72 bytes hash differently (Bcrypt alone would not see it)")
    func longPassphrases() async throws {
        let prefix = String(repeating: "كلمة", count: 10)  // 80 bytes of UTF-8
        let stored = try await Self.hashing.hash(prefix + "أولى")
        #expect(await Self.hashing.verify(prefix + "أولى", against: stored))
        #expect(await !Self.hashing.verify(prefix + "ثانية", against: stored))
    }

    @Test("composed and decomposed letters are the same password")
    func unicodeNormalization() async throws {
        let stored = try await Self.hashing.hash("caf\u{E9} au lait, s'il vous pla\u{EE}t")
        #expect(await Self.hashing.verify("cafe\u{301} au lait, s'il vous plai\u{302}t", against: stored))
    }

    @Test("after key rotation old hashes verify and ask to be renewed; a lower cost asks too")
    func rotation() async throws {
        let old = try await Self.hashing.hash("a long enough passphrase")
        let rotated = PasswordHashing(keyring: try SecretKeyring(parsing: SecretKeyring.generateEntry(id: "k2") + ",k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="),
                                      bcrypt: VaporBcrypt(), cost: 4)
        #expect(await rotated.verify("a long enough passphrase", against: old))
        #expect(rotated.needsRehash(old))
        let renewed = try await rotated.hash("a long enough passphrase")
        #expect(!rotated.needsRehash(renewed))
        let stronger = PasswordHashing(keyring: Self.keyring, bcrypt: VaporBcrypt(), cost: 5)
        #expect(stronger.needsRehash(old))
    }

    @Test("the policy asks for length and refuses common or one-note passwords, nothing else")
    func policy() {
        let policy = PasswordPolicy(commonPasswords: ["qwerty123456"])
        #expect(policy.problem(with: "short") == "Use at least 12 characters.")
        #expect(policy.problem(with: String(repeating: "x", count: 257)) == "Use at most 256 characters.")
        #expect(policy.problem(with: "QWERTY123456") != nil)
        #expect(policy.problem(with: "aaaaaaaaaaaaaaaa") != nil)
        #expect(policy.problem(with: "121212121212") != nil)
        #expect(policy.problem(with: "صباح الخير يا عيادة") == nil, "no composition rules; any script")
    }

    @Test("the shipped list: dressed-up common words and keyboard walks in four scripts are refused, passphrases are not")
    func shippedList() throws {
        let list = try CommonPasswords.load(from: packageRoot.appendingPathComponent("Resources/Security/common-passwords.txt"))
        let policy = PasswordPolicy(commonPasswords: list)
        #expect(list.count > 250)
        for guessable in ["Password2026!", "p4ssw0rd1234", "!!Sunshine2026", "Mohammed12345", "пароль123456", "كلمةالمرور123",
                          "qwertyuiop12", "qwerty123456asdf", "1234567890-=", "йцукенгшщзхъ", "ضصثقفغعهخحجد", "abcdefghijklmn",
                          "correct horse battery staple", "hillsclinic2026"] {
            #expect(policy.problem(with: guessable) != nil, "\(guessable)")
        }
        for fine in ["sunshine over the hills", "olive trees by the sea 7", "ورود به حساب بیمارستان", "зелёный чай без сахара",
                     "839204718263", "Riyadh rain in March 2026"] {
            #expect(policy.problem(with: fine) == nil, "\(fine)")
        }
    }

    @Test("e-mail addresses compare after trimming, NFC and Unicode case folding")
    func emailNormalization() {
        #expect(EmailNormalization.normalize("  Sara.Ahmed@Example.ORG \n") == "sara.ahmed@example.org")
        #expect(EmailNormalization.normalize("Ame\u{301}lie@x.example") == EmailNormalization.normalize("AM\u{C9}LIE@X.EXAMPLE"))
        #expect(EmailNormalization.normalize("АННА@почта.example") == "анна@почта.example")
    }
}
