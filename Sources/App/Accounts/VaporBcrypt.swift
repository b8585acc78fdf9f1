import Accounts
import NIOPosix
import Vapor

/// Vapor's Bcrypt behind the domain's protocol, run on NIO's blocking pool (one thread per core)
/// so a sign-in never stalls an event loop, and concurrent hashes queue instead of crowding the CPU.
struct VaporBcrypt: BcryptHasher {
    var pool: NIOThreadPool = .singleton

    func hash(_ input: String, cost: Int) async throws -> String {
        try await pool.runIfActive { try Bcrypt.hash(input, cost: cost) }
    }

    func verify(_ input: String, created hash: String) async throws -> Bool {
        try await pool.runIfActive { try Bcrypt.verify(input, created: hash) }
    }
}
