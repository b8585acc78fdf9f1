import Audit
import Core
import Crypto
import FluentKit
import Foundation
import JWTKit
import Synchronization

/// The signing keys as loaded from the database: a read-through copy, reloaded when a token names
/// a key it does not hold, and at most `maxAge` after loading (so a retired key drops out).
final class SigningKeyCache: Sendable {
    struct Loaded: Sendable {
        let loadedAt: Date
        let currentKid: String?
        let kids: Set<String>
        let keys: JWTKeyCollection
    }

    static let maxAge: TimeInterval = 30
    let state = Mutex<Loaded?>(nil)
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
        if let loaded = signingCache.state.withLock({ $0 }), now.timeIntervalSince(loaded.loadedAt) < SigningKeyCache.maxAge,
           kid.map({ loaded.kids.contains($0) }) ?? true {
            return loaded
        }
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
        signingCache.state.withLock { $0 = loaded }
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
            try await SigningKeyRecord.query(on: tx).filter(\.$retiredAt == nil).set(\.$retiredAt, to: now).update()
            try await record.create(on: tx)
            try await audit.append(AuditEvent(actor: actor, action: "keys.rotate_signing", resource: AuditResource(type: "signing_key", id: kid),
                                              origin: origin), on: tx)
        }
        signingCache.state.withLock { $0 = nil }
        return kid
    }

    /// The public keys as a JSON Web Key Set.
    public func jwks(on database: any Database, now: Date = Date()) async throws -> String {
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
            try await rotateSigningKey(by: .system("api-tokens"), on: database, now: now)
            loaded = try await signingKeys(on: database, now: now)
        }
        guard let kid = loaded.currentKid else { throw AccountError.invalidToken }
        return try await loaded.keys.sign(payload, kid: JWKIdentifier(string: kid))
    }
}
