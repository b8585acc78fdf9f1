import Audit
import Core
import Crypto
import FluentKit
import Foundation
import JWTKit
import Synchronization

/// The signing keys as loaded from the database: a read-through copy, reloaded at most `maxAge`
/// after loading (so a retired key drops out) and when a token names a key it does not hold, but
/// then at most once per `missInterval`: a flood of tokens with made-up key ids is not a flood of
/// queries.
final class SigningKeyCache: Sendable {
    struct Loaded: Sendable {
        let loadedAt: Date
        let currentKid: String?
        let kids: Set<String>
        let keys: JWTKeyCollection
    }

    struct State {
        var loaded: Loaded?
        var lastMissReload: Date?
        /// How many times the keys were read from the database (for tests).
        var loads = 0
    }

    static let maxAge: TimeInterval = 30
    static let missInterval: TimeInterval = 10
    let state = Mutex(State())

    /// The cached keys if they serve a token naming `kid`; nil when they must be read again.
    /// Decided under the lock, so only one of many simultaneous misses wins the reload.
    func usable(needing kid: String?, now: Date) -> Loaded? {
        state.withLock { state in
            guard let loaded = state.loaded else { return nil }
            let fresh = now.timeIntervalSince(loaded.loadedAt) < Self.maxAge
            guard let kid, !loaded.kids.contains(kid) else { return fresh ? loaded : nil }
            if let last = state.lastMissReload, now.timeIntervalSince(last) < Self.missInterval {
                return loaded
            }
            state.lastMissReload = now
            return nil
        }
    }
}

extension Accounts {
    /// Keys whose tokens may still be alive: the current one and those retired less than an access
    /// token's lifetime ago.
    func publishedSigningKeys(on database: any Database, now: Date) async throws -> [SigningKeyRecord] {
        try await SigningKeyRecord.query(on: database).group(.or) {
            $0.filter(\.$retiredAt == nil).filter(\.$retiredAt > now.addingTimeInterval(-AccessTokenPayload.lifetime - 60))
        }.sort(\.$createdAt, .descending).all()
    }

    func signingKeys(on database: any Database, now: Date, needing kid: String? = nil) async throws -> SigningKeyCache.Loaded {
        if let loaded = signingCache.usable(needing: kid, now: now) { return loaded }
        let records = try await publishedSigningKeys(on: database, now: now)
        let keys = JWTKeyCollection()
        for record in records {
            guard let kid = record.id else { continue }
            let raw = try encryption.open(record.privateKeySealed, context: "jwt-key:\(kid)")
            let key = EdDSA.PrivateKey(backing: try Curve25519.Signing.PrivateKey(rawRepresentation: raw))
            await keys.add(eddsa: key, kid: JWKIdentifier(string: kid))
        }
        let loaded = SigningKeyCache.Loaded(loadedAt: now, currentKid: records.first { $0.retiredAt == nil }?.id,
                                            kids: Set(records.compactMap(\.id)), keys: keys)
        signingCache.state.withLock {
            $0.loaded = loaded
            $0.loads += 1
        }
        return loaded
    }

    /// Makes a new signing key current and retires the previous one (its public key stays
    /// published until its tokens have expired). Returns the new key id.
    @discardableResult
    public func rotateSigningKey(by actor: AuditActor, origin: AuditOrigin = .none, on database: any Database,
                                 now: Date = Date()) async throws -> String {
        let kid = "k" + String(Int(now.timeIntervalSince1970)) + "-" + String(SecureToken.generate().prefix(6))
        let key = Curve25519.Signing.PrivateKey()
        let record = SigningKeyRecord()
        record.id = kid
        record.privateKeySealed = try encryption.seal(key.rawRepresentation, context: "jwt-key:\(kid)")
        record.publicKey = SecureToken.base64URL(key.publicKey.rawRepresentation)
        record.createdAt = now
        try await database.writeTransaction { tx in
            try await lockSigningKeys(on: tx)
            try await SigningKeyRecord.query(on: tx).filter(\.$retiredAt == nil).set(\.$retiredAt, to: now).update()
            try await record.create(on: tx)
            try await audit.append(AuditEvent(actor: actor, action: "keys.rotate_signing", resource: AuditResource(type: "signing_key", id: kid),
                                              origin: origin), on: tx)
        }
        signingCache.state.withLock { $0.loaded = nil }
        return kid
    }

    /// Makes the first signing key unless there is a current one, so that a fresh installation
    /// publishes its key before it signs anything. Two instances starting at once make one key.
    func ensureSigningKey(on database: any Database, now: Date) async throws {
        if signingCache.usable(needing: nil, now: now)?.currentKid != nil { return }
        // Whatever the copy held, it lacked a current key: read the keys again next time.
        defer { signingCache.state.withLock { $0.loaded = nil } }
        if try await SigningKeyRecord.query(on: database).filter(\.$retiredAt == nil).count() > 0 { return }
        try await database.writeTransaction { tx in
            try await lockSigningKeys(on: tx)
            guard try await SigningKeyRecord.query(on: tx).filter(\.$retiredAt == nil).count() == 0 else { return }
            try await rotateSigningKey(by: .system("api-tokens"), on: tx, now: now)
        }
    }

    /// Serialises changes to the signing keys: SQLite's write transaction already does; on
    /// PostgreSQL a transaction-scoped advisory lock does, since there may be no row to lock yet.
    private func lockSigningKeys(on tx: TransactionDatabase) async throws {
        guard tx.dialect.name == "postgresql" else { return }
        try await tx.raw("SELECT pg_advisory_xact_lock(\(bind: Self.signingKeyLockID))").run()
    }

    private static let signingKeyLockID: Int64 = 0x6863_6b65_7973 // "hckeys"

    /// The public keys as a JSON Web Key Set, the current one always among them.
    public func jwks(on database: any Database, now: Date = Date()) async throws -> String {
        try await ensureSigningKey(on: database, now: now)
        let keys = try await publishedSigningKeys(on: database, now: now).map { record -> [String: String] in
            ["kty": "OKP", "crv": "Ed25519", "alg": "EdDSA", "use": "sig", "kid": record.id ?? "", "x": record.publicKey]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(["keys": keys]), as: UTF8.self)
    }

    /// Signs `payload` with the current key, making the first key when there is none yet.
    func signAccessToken(_ payload: AccessTokenPayload, on database: any Database, now: Date) async throws -> String {
        var loaded = try await signingKeys(on: database, now: now)
        if loaded.currentKid == nil {
            try await ensureSigningKey(on: database, now: now)
            loaded = try await signingKeys(on: database, now: now)
        }
        guard let kid = loaded.currentKid else { throw AccountError.invalidToken }
        return try await loaded.keys.sign(payload, kid: JWKIdentifier(string: kid))
    }
}
