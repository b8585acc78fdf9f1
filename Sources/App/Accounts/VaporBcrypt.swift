import Accounts
import Vapor

/// Vapor's Bcrypt behind the domain's protocol.
struct VaporBcrypt: BcryptHasher {
    func hash(_ input: String, cost: Int) throws -> String {
        try Bcrypt.hash(input, cost: cost)
    }

    func verify(_ input: String, created hash: String) throws -> Bool {
        try Bcrypt.verify(input, created: hash)
    }
}
