import Accounts
import Audit
import Core
import FluentKit
import Foundation
import SQLKit

extension Inquiries {
    /// What the confirmation mail's link opens: the inquiry, and whether its address already has
    /// an account (then the inquiry joins it) or not (then the patient chooses a password).
    public struct ClaimLink: Sendable {
        public let reference: String
        public let email: String
        public let hasAccount: Bool
    }

    /// Nil for a link that is unknown, used or expired. Changes nothing (mail scanners open links).
    public func checkClaim(_ token: String, on database: any Database, now: Date = Date()) async throws -> ClaimLink? {
        guard let (record, details) = try await claimable(token, on: database, now: now) else { return nil }
        let account = try await accounts.user(withEmail: details.email, on: database)
        return ClaimLink(reference: record.reference, email: details.email, hasAccount: account != nil)
    }

    /// Ties the inquiry to the account of its address: an existing one (the link proves the
    /// mailbox is the account holder's), or a new patient account with `password`, its address
    /// confirmed by the same proof. The link works once. Returns the account.
    public func claim(_ token: String, password: String, origin: AuditOrigin, on database: any Database,
                      now: Date = Date()) async throws -> UserRecord {
        guard let (record, details) = try await claimable(token, on: database, now: now) else { throw InquiryError.linkInvalid }
        let tokenHash = SecureToken.hash(token)
        if let existing = try await accounts.user(withEmail: details.email, on: database) {
            guard existing.disabledAt == nil, existing.accountRole == .patient else { throw InquiryError.linkInvalid }
            try await database.writeTransaction { tx in
                try await link(record, tokenHash: tokenHash, to: existing.requireID(), origin: origin, on: tx, now: now)
            }
            return existing
        }
        let words = details.name.split(whereSeparator: \.isWhitespace).map(String.init)
        let account = NewAccount(
            email: details.email, password: password, firstName: String((words.first ?? details.name).prefix(100)),
            lastName: String(words.dropFirst().joined(separator: " ").prefix(100)),
            locale: SiteLocale(rawValue: record.language) ?? .fallback, role: .patient, emailVerified: true, timeZone: record.timeZone)
        do {
            return try await accounts.create(account, by: .anonymous, origin: origin, on: database, now: now) { tx, user in
                try await link(record, tokenHash: tokenHash, to: user.requireID(), origin: origin, on: tx, now: now)
            }
        } catch AccountError.emailTaken {
            // The address got an account between the page and the button: join that one.
            return try await claim(token, password: password, origin: origin, on: database, now: now)
        } catch AccountError.invalid(let failure) {
            throw InquiryError.invalid(failure)
        }
    }

    private func claimable(_ token: String, on database: any Database, now: Date) async throws -> (InquiryRecord, InquiryDetails)? {
        guard SecureToken.isWellFormed(token),
              let record = try await InquiryRecord.query(on: database).filter(\.$claimTokenHash == SecureToken.hash(token)).first(),
              record.patientID == nil, let expiry = record.claimExpiresAt, expiry > now else { return nil }
        return (record, try details(of: record))
    }

    /// Sets the patient once: the conditional update is what makes the link single-use.
    private func link(_ record: InquiryRecord, tokenHash: String, to userID: UUID, origin: AuditOrigin, on tx: TransactionDatabase,
                      now: Date) async throws {
        let id = try record.requireID()
        let moved = try await tx.raw("""
            UPDATE inquiries SET patient_id = \(bind: userID), claim_token_hash = NULL, claim_expires_at = NULL,
                version = version + 1, updated_at = \(bind: now)
            WHERE id = \(bind: id) AND claim_token_hash = \(bind: tokenHash) AND patient_id IS NULL RETURNING id
            """).all()
        guard !moved.isEmpty else { throw InquiryError.linkInvalid }
        try await uploads.setOwner(userID, ofAttached: "inquiry", id: id.uuidString.lowercased(), on: tx)
        try await audit.append(AuditEvent(actor: .user(userID.uuidString.lowercased()), action: "inquiry.link",
                                          resource: Self.resource(record), origin: origin, subject: .patient(userID)), on: tx, at: now)
    }
}
