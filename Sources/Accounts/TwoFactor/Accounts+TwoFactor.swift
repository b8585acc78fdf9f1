import Audit
import Core
import Crypto
import FluentKit
import Foundation
import SQLKit

/// What the enrolment page shows: the secret as text (for typing into an app) and as the
/// `otpauth://` URI its QR code carries.
public struct TOTPEnrolment: Sendable {
    public let secret: String
    public let uri: String
}

extension Accounts {
    static let recoveryCodeCount = 10
    static let recoveryAlphabet = Array("23456789ABCDEFGHJKLMNPQRSTUVWXYZ")

    /// Whether the account has confirmed TOTP.
    public func hasTwoFactor(_ userID: UUID, on database: any Database) async throws -> Bool {
        try await TOTPCredentialRecord.query(on: database).filter(\.$userID == userID).filter(\.$confirmedAt != nil).count() > 0
    }

    /// How long a secret shown for enrolment may wait to be confirmed.
    static let pendingTOTPLifetime: TimeInterval = 10 * 60

    /// A pending secret for `user`. With `restart` (the enrolment page opened anew) it replaces
    /// any waiting one; without (the page shown again after a mistyped code) the waiting one is
    /// kept while it is younger than ten minutes, so the QR code already scanned stays good.
    public func beginTOTPEnrolment(for user: UserRecord, restart: Bool = true, on database: any Database,
                                   now: Date = Date()) async throws -> TOTPEnrolment {
        let userID = try user.requireID()
        let context = "totp:\(userID.uuidString.lowercased())"
        let secret: Data = try await database.writeTransaction { tx in
            if let pending = try await TOTPCredentialRecord.query(on: tx).filter(\.$userID == userID).first() {
                guard pending.confirmedAt == nil else { throw AccountError.invalid(ValidationFailure(["code": msgid("Two-step sign-in is already on.")])) }
                if !restart, pending.createdAt > now.addingTimeInterval(-Self.pendingTOTPLifetime) {
                    return try encryption.open(pending.secretSealed, context: context)
                }
            }
            // One upsert, so two page loads at once (two tabs, a prefetch) each replace the
            // waiting secret instead of the second tripping over the first's row.
            let secret = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0.prefix(20)) }
            let stored = try await tx.raw("""
                INSERT INTO totp_credentials (id, user_id, secret_sealed, created_at)
                VALUES (\(bind: UUID()), \(bind: userID), \(bind: try encryption.seal(secret, context: context)), \(bind: now))
                ON CONFLICT (user_id) DO UPDATE SET secret_sealed = excluded.secret_sealed, created_at = excluded.created_at
                WHERE totp_credentials.confirmed_at IS NULL
                RETURNING id
                """).all()
            guard !stored.isEmpty else { throw AccountError.invalid(ValidationFailure(["code": msgid("Two-step sign-in is already on.")])) }
            return secret
        }
        let text = Base32.encode(secret)
        let label = PercentEncodingForURI.encode("Hills Clinic:\(user.email)")
        return TOTPEnrolment(secret: text, uri: "otpauth://totp/\(label)?secret=\(text)&issuer=Hills%20Clinic&algorithm=SHA1&digits=6&period=30")
    }

    /// Forgets a secret shown for enrolment but never confirmed: a new password means whoever
    /// saw the old screen must not finish enrolling with it.
    func discardPendingTOTP(of userID: UUID, on tx: any Database) async throws {
        try await TOTPCredentialRecord.query(on: tx).filter(\.$userID == userID).filter(\.$confirmedAt == nil).delete()
    }

    /// Turns TOTP on after the person proves their password and types a code from their app.
    /// Returns the recovery codes, shown once and stored only hashed.
    /// - Parameter session: the session in which it happens; having typed a code, it counts as
    ///   signed in with a second factor from now on.
    public func confirmTOTP(for user: UserRecord, password: String, code: String, session: UUID? = nil, origin: AuditOrigin,
                            on database: any Database, now: Date = Date()) async throws -> [String] {
        guard try await checkPassword(password, of: user, origin: origin, on: database, now: now) else {
            throw AccountError.invalid(ValidationFailure(["password": msgid("The password is not right.")]))
        }
        let userID = try user.requireID()
        return try await database.writeTransaction { tx in
            guard let credential = try await TOTPCredentialRecord.query(on: tx).filter(\.$userID == userID).first() else {
                throw AccountError.invalid(ValidationFailure(["code": msgid("That key has expired. Scan the new QR code, then enter the code your app shows.")]))
            }
            guard credential.confirmedAt == nil else {
                throw AccountError.invalid(ValidationFailure(["code": msgid("Two-step sign-in is already on.")]))
            }
            guard credential.createdAt > now.addingTimeInterval(-Self.pendingTOTPLifetime) else {
                throw AccountError.invalid(ValidationFailure(["code": msgid("That key has expired. Scan the new QR code, then enter the code your app shows.")]))
            }
            let secret = try encryption.open(credential.secretSealed, context: "totp:\(userID.uuidString.lowercased())")
            guard let step = TOTP.matchingStep(code, secret: secret, at: now, after: nil) else {
                throw AccountError.invalid(ValidationFailure(["code": msgid("That code is not right. Enter the six digits your app shows now.")]))
            }
            credential.confirmedAt = now
            credential.lastUsedStep = step
            try await credential.save(on: tx)
            let codes = try await replaceRecoveryCodes(userID, on: tx, now: now)
            if let session {
                try await AccountSessionRecord.query(on: tx).filter(\.$id == session).filter(\.$userID == userID)
                    .set(\.$secondFactor, to: true).update()
            }
            try await audit.append(AuditEvent(actor: user.auditActor, action: "mfa.enable", resource: user.auditResource, origin: origin), on: tx)
            return codes
        }
    }

    /// Turns TOTP off after the password and a current code (or a recovery code).
    public func disableTOTP(for user: UserRecord, password: String, code: String, origin: AuditOrigin,
                            on database: any Database, now: Date = Date()) async throws {
        guard try await checkPassword(password, of: user, origin: origin, on: database, now: now) else {
            throw AccountError.invalid(ValidationFailure(["password": msgid("The password is not right.")]))
        }
        guard try await checkSignInCode(user, code: code, origin: origin, on: database, now: now) else {
            throw AccountError.invalid(ValidationFailure(["code": msgid("That code is not right. Enter the six digits your app shows now.")]))
        }
        let userID = try user.requireID()
        try await database.writeTransaction { tx in
            try await TOTPCredentialRecord.query(on: tx).filter(\.$userID == userID).delete()
            try await RecoveryCodeRecord.query(on: tx).filter(\.$userID == userID).delete()
            try await audit.append(AuditEvent(actor: user.auditActor, action: "mfa.disable", resource: user.auditResource, origin: origin), on: tx)
        }
    }
}

/// Percent-encoding for the label of an `otpauth://` URI.
enum PercentEncodingForURI {
    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~@"))) ?? ""
    }
}
