import Core
import Foundation
import Testing

@Suite("Field encryption")
struct FieldEncryptionTests {
    static let k1 = try! SecretKeyring(parsing: "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")

    @Test("a sealed value opens in its context, and not in another, nor after a change")
    func roundTrip() throws {
        let encryption = FieldEncryption(keyring: Self.k1)
        let sealed = try encryption.seal("JBSWY3DPEHPK3PXP", context: "totp:user-1")
        #expect(sealed.hasPrefix("fe1$k1$") && !sealed.contains("JBSWY3DPEHPK3PXP"))
        #expect(try encryption.openString(sealed, context: "totp:user-1") == "JBSWY3DPEHPK3PXP")
        #expect(throws: FieldEncryptionError.notAuthentic) { try encryption.open(sealed, context: "totp:user-2") }
        var tampered = Array(sealed)
        tampered[tampered.count - 3] = tampered[tampered.count - 3] == "A" ? "B" : "A"
        #expect(throws: FieldEncryptionError.notAuthentic) { try encryption.open(String(tampered), context: "totp:user-1") }
        #expect(throws: FieldEncryptionError.malformed) { try encryption.open("plain text", context: "totp:user-1") }
        #expect(try encryption.seal("same", context: "c") != encryption.seal("same", context: "c"), "a fresh nonce every time")
    }

    @Test("after rotation old values open and ask to be sealed again; without their key they do not open")
    func rotation() throws {
        let old = try FieldEncryption(keyring: Self.k1).seal("secret", context: "c")
        let rotated = FieldEncryption(keyring: try SecretKeyring(parsing: SecretKeyring.generateEntry(id: "k2") + ",k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="))
        #expect(try rotated.openString(old, context: "c") == "secret")
        #expect(rotated.needsReseal(old))
        #expect(!rotated.needsReseal(try rotated.seal("secret", context: "c")))
        let without = FieldEncryption(keyring: try SecretKeyring(parsing: SecretKeyring.generateEntry(id: "k3")))
        #expect(throws: FieldEncryptionError.unknownKey) { try without.open(old, context: "c") }
    }
}
