import Core
import Testing

@Suite("Tokens and constant-time comparison")
struct SecureTokenTests {
    @Test("tokens are 43 base64url characters and unique")
    func tokens() {
        let a = SecureToken.generate()
        let b = SecureToken.generate()
        #expect(SecureToken.isWellFormed(a) && SecureToken.isWellFormed(b))
        #expect(a != b)
        #expect(!SecureToken.isWellFormed(a + "x"))
        #expect(!SecureToken.isWellFormed(String(a.dropLast()) + "="))
    }

    @Test("the stored hash is SHA-256 hex, not the token")
    func hashing() {
        let token = SecureToken.generate()
        let hash = SecureToken.hash(token)
        #expect(hash.count == 64 && hash != token)
        #expect(SecureToken.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test("constant-time equality")
    func constantTime() {
        #expect(ConstantTime.equals(Array("abc".utf8), Array("abc".utf8)))
        #expect(!ConstantTime.equals(Array("abc".utf8), Array("abd".utf8)))
        #expect(!ConstantTime.equals(Array("abc".utf8), Array("ab".utf8)))
    }
}
