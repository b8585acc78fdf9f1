import Audit
import Core
import FluentKit
import Foundation

extension Accounts {
    /// Checks a TOTP code or a recovery code and uses it up. Each is spent by one conditional
    /// write, so of any number of requests with the same code at once exactly one succeeds.
    func checkSecondFactor(_ user: UserRecord, code: String, origin: AuditOrigin, on database: any Database, now: Date) async throws -> Bool {
        let userID = try user.requireID()
        let compact = code.filter { $0.isLetter || $0.isNumber }.uppercased()
        if compact.count == 6 {
            return try await spendTOTPCode(compact, of: userID, on: database, now: now)
        }
        guard compact.count == 10 else { return false }
        return try await database.writeTransaction { tx in
            let spent = try await tx.raw("""
                UPDATE recovery_codes SET used_at = \(bind: now)
                WHERE user_id = \(bind: userID) AND used_at IS NULL AND code_hash IN (\(binds: recoveryCodeHash.candidates(compact)))
                RETURNING id
                """).all()
            guard !spent.isEmpty else { return false }
            let left = try await RecoveryCodeRecord.query(on: tx).filter(\.$userID == userID).filter(\.$usedAt == nil).count()
            try await audit.append(AuditEvent(actor: user.auditActor, action: "mfa.recovery_code_use", resource: user.auditResource,
                                              origin: origin, detail: ["codes_left": .int(Int64(left))]), on: tx)
            return true
        }
    }

    /// A six-digit code is good once: the step it matches must be later than the last one used,
    /// and moving `last_used_step` forward is the conditional write that spends it.
    private func spendTOTPCode(_ code: String, of userID: UUID, on database: any Database, now: Date) async throws -> Bool {
        guard let credential = try await TOTPCredentialRecord.query(on: database)
            .filter(\.$userID == userID).filter(\.$confirmedAt != nil).first() else { return false }
        let secret = try encryption.open(credential.secretSealed, context: "totp:\(userID.uuidString.lowercased())")
        guard let step = TOTP.matchingStep(code, secret: secret, at: now, after: credential.lastUsedStep) else { return false }
        return try await database.writeTransaction { tx in
            let spent = try await tx.raw("""
                UPDATE totp_credentials SET last_used_step = \(bind: step)
                WHERE id = \(bind: try credential.requireID()) AND confirmed_at IS NOT NULL
                  AND (last_used_step IS NULL OR last_used_step < \(bind: step))
                RETURNING id
                """).all()
            return !spent.isEmpty
        }
    }

    /// Ten new recovery codes (five characters, a dash, five more), replacing any earlier ones.
    func replaceRecoveryCodes(_ userID: UUID, on tx: any Database, now: Date) async throws -> [String] {
        try await RecoveryCodeRecord.query(on: tx).filter(\.$userID == userID).delete()
        var codes: [String] = []
        for _ in 0..<Self.recoveryCodeCount {
            var generator = SystemRandomNumberGenerator()
            let raw = String((0..<10).map { _ in Self.recoveryAlphabet.randomElement(using: &generator)! })
            let record = RecoveryCodeRecord()
            record.id = UUID()
            record.userID = userID
            record.codeHash = recoveryCodeHash.stored(raw)
            record.createdAt = now
            try await record.create(on: tx)
            codes.append(String(raw.prefix(5)) + "-" + String(raw.suffix(5)))
        }
        return codes
    }
}
