import Accounts
import Audit
import Core
import Crypto
import FluentKit
import Foundation
import Jobs
import Media
import SQLKit

/// The inquiry domain: taking inquiries from the website and the API exactly once, sealing what
/// patients write, finding duplicates, and tying an inquiry to the patient's account. The faces
/// (the inquiry form, the triage pages, the API) call this; none writes an inquiry row itself.
public struct Inquiries: Sendable {
    public let accounts: Accounts
    public let uploads: Uploads
    public let audit: AuditTrail
    public let notice: PrivacyNotice
    let encryption: FieldEncryption
    let blindIndex: BlindIndex
    let mailDomain: String

    /// Faster than this from showing the form to sending it is not a person.
    public let shortestFill: TimeInterval
    /// How long an idempotency key is remembered.
    public static let keyLifetime: TimeInterval = 24 * 3600
    /// How long the confirmation mail's account link works.
    public static let claimLifetime: TimeInterval = 14 * 86_400

    public init(accounts: Accounts, uploads: Uploads, audit: AuditTrail, notice: PrivacyNotice, keyring: SecretKeyring, mailDomain: String,
                shortestFill: TimeInterval = 3) {
        self.accounts = accounts
        self.shortestFill = shortestFill
        self.uploads = uploads
        self.audit = audit
        self.notice = notice
        self.encryption = FieldEncryption(keyring: keyring)
        self.blindIndex = BlindIndex(keyring: keyring)
        self.mailDomain = mailDomain
    }

    /// What makes two submissions the same one.
    public enum Key: Sendable, Equatable {
        /// The website's form instance (the hash of its signed token), which its uploads carry too.
        case form(formKey: String)
        /// An API client's `Idempotency-Key`.
        case api(String)

        var hash: String {
            switch self {
            case .form(let formKey): SecureToken.hash("inquiry-form:" + formKey)
            case .api(let key): SecureToken.hash("inquiry-api:" + key)
            }
        }

        var formKey: String? {
            if case .form(let formKey) = self { formKey } else { nil }
        }
    }

    public struct Submission: Sendable {
        public let inquiry: InquiryRecord
        /// True when this key had already stored the same inquiry: nothing new was stored or sent.
        public let replayed: Bool
    }

    /// Stores an inquiry once per key, files the form's uploads under it, and queues the
    /// confirmation mail, in one transaction. The same key with the same answers gives back the
    /// inquiry stored first; with other answers, `InquiryError.keyReused`.
    ///
    /// - Parameters:
    ///   - shownAt: when the form was shown (from its signed token); nil from the API.
    ///   - consentVersion: the version of the privacy notice the patient agreed to; the text in
    ///     `locale` is the one recorded.
    public func submit(_ form: InquiryForm, key: Key, consentVersion: String, locale: SiteLocale, shownAt: Date?, network: String,
                       by actor: AccessActor, origin: AuditOrigin, on database: any Database, now: Date = Date()) async throws -> Submission {
        let valid: ValidInquiry
        do {
            valid = try form.validated()
        } catch {
            throw InquiryError.invalid(error)
        }
        if consentVersion != notice.version {
            throw InquiryError.invalid(ValidationFailure(["consent": msgid("Our privacy notice has changed since the form was opened. Please read it and agree again.")]))
        }
        if let shownAt, now.timeIntervalSince(shownAt) < shortestFill { throw InquiryError.tooFast }
        let requestHash = try Self.requestHash(valid, consentVersion: consentVersion, locale: locale)
        let keyHash = key.hash
        if let replay = try await replayed(keyHash, requestHash, on: database) { return replay }

        let patientID: UUID? = if case .user(let id, .patient, _) = actor { id } else { nil }
        let text = notice.text(in: locale)
        let claimToken = patientID == nil ? SecureToken.generate() : nil

        return try await database.writeTransaction { tx in
            if tx.dialect.name == "postgresql" {
                // Concurrent submissions with one key queue here; the unique index is the backstop.
                try await tx.raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: "inquiry:" + keyHash)))").run()
            }
            if let replay = try await replayed(keyHash, requestHash, on: tx) { return replay }
            try await limit(.inquiryPerNetwork, network, on: tx, now: now)
            try await limit(.inquiryPerAddress, blindIndex.value(.email, valid.emailNormalized), on: tx, now: now)

            let record = InquiryRecord()
            let id = UUID()
            record.id = id
            record.reference = Self.newReference()
            record.status = .new
            record.isOpen = true
            record.locale = locale.rawValue
            record.language = valid.language.rawValue
            record.region = valid.region
            record.age = valid.age
            record.isMinor = valid.isMinor
            record.guardianRelationship = valid.guardianRelationship
            record.method = valid.method
            record.whatsapp = valid.whatsapp
            record.timeZone = valid.timeZone
            record.nameSealed = try seal(valid.name, .name, of: id)
            record.emailSealed = try seal(valid.email, .email, of: id)
            record.phoneSealed = try valid.phone.map { try seal($0.e164, .phone, of: id) }
            record.guardianNameSealed = try valid.guardianName.map { try seal($0, .guardianName, of: id) }
            record.heightGoalSealed = try valid.heightGoal.map { try seal($0, .heightGoal, of: id) }
            record.messageSealed = try valid.message.map { try seal($0, .message, of: id) }
            record.emailIndex = blindIndex.value(.email, valid.emailNormalized)
            record.phoneIndex = valid.phone.map { blindIndex.value(.phone, $0.e164) }
            record.consentVersion = consentVersion
            record.consentSHA256 = text.sha256
            record.consentedAt = now
            record.idempotencyKey = keyHash
            record.requestHash = requestHash
            record.formKey = key.formKey
            record.patientID = patientID
            record.claimTokenHash = claimToken.map(SecureToken.hash)
            record.claimExpiresAt = claimToken == nil ? nil : now.addingTimeInterval(Self.claimLifetime)
            record.version = 1
            record.createdAt = now
            record.updatedAt = now
            try await record.create(on: tx)

            var files = 0
            if let formKey = key.formKey {
                files = try await uploads.attach(formKey: formKey, to: "inquiry", id: id.uuidString.lowercased(), owner: patientID, on: tx)
            }
            try await audit.append(AuditEvent(
                actor: actor.auditActor, action: "inquiry.create", resource: Self.resource(record), origin: origin,
                detail: ["region": .string(record.region), "files": .int(Int64(files)), "consent_version": .string(consentVersion)],
                subject: patientID.map(AuditSubject.patient)
            ), on: tx, at: now)
            try await sendConfirmation(record, name: valid.isMinor ? valid.guardianName ?? valid.name : valid.name, to: valid.email,
                                       claimToken: claimToken, on: tx)
            return Submission(inquiry: record, replayed: false)
        }
    }

    /// The inquiry already stored under `keyHash`: a replay when the answers match, else refused.
    private func replayed(_ keyHash: String, _ requestHash: String, on database: any Database) async throws -> Submission? {
        guard let existing = try await InquiryRecord.query(on: database).filter(\.$idempotencyKey == keyHash).first() else { return nil }
        guard ConstantTime.equals(Array(existing.requestHash.utf8), Array(requestHash.utf8)) else { throw InquiryError.keyReused }
        return Submission(inquiry: existing, replayed: true)
    }

    private func limit(_ rule: RateRule, _ key: String, on database: any Database, now: Date) async throws {
        if case .limited(let seconds) = try await accounts.limiter.consume(key, rule: rule, on: database, now: now) {
            throw InquiryError.tooMany(retryAfter: seconds)
        }
    }

    /// A hash of the normalised answers: equal for a double press, different for an edited form.
    static func requestHash(_ valid: ValidInquiry, consentVersion: String, locale: SiteLocale) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = try encoder.encode(valid)
        return SecureToken.hash("\(consentVersion)|\(locale.rawValue)|" + String(decoding: body, as: UTF8.self))
    }

    /// `HC-` and eight characters of Crockford's base32 (no I, L, O or U to misread).
    static func newReference() -> String {
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        var generator = SystemRandomNumberGenerator()
        return "HC-" + String((0..<8).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    static func resource(_ record: InquiryRecord) -> AuditResource {
        AuditResource(type: "inquiry", id: record.id?.uuidString.lowercased())
    }

    /// Forgets idempotency keys older than a day: the same form after that is a new inquiry's
    /// business (its token has expired too).
    public func forgetOldKeys(on database: any Database, now: Date = Date()) async throws -> Int {
        let old = InquiryRecord.query(on: database).filter(\.$createdAt < now.addingTimeInterval(-Self.keyLifetime))
            .filter(\.$idempotencyKey != nil)
        let count = try await old.count()
        try await old.set(\.$idempotencyKey, to: nil).update()
        return count
    }
}

extension RateRule {
    /// Inquiries from one network: a family or a clinic abroad sending a few, not a script.
    static let inquiryPerNetwork = RateRule(name: "inquiry.ip", capacity: 10, refillInterval: 360)
    /// Inquiries to one address, from however many networks.
    static let inquiryPerAddress = RateRule(name: "inquiry.address", capacity: 5, refillInterval: 3600)
}
