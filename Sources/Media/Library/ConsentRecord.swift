import Core
import FluentKit
import Foundation

/// How far a person allows photos of them to go, each level including the ones before it.
public enum PhotoConsentLevel: String, Codable, Sendable, CaseIterable, Comparable {
    /// No use at all, not even inside the clinic.
    case none
    /// Staff may see and use them; nothing is published.
    case internalOnly = "internal"
    /// Published with the face covered.
    case anonymised
    /// Published as taken, face shown.
    case publicWithFace = "public_with_face"

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    public var allowsPublication: Bool { self >= .anonymised }
}

/// What a consent is for. Photos are the first purpose; the portal adds its own.
public enum ConsentPurpose: String, Codable, Sendable, CaseIterable {
    case photos
}

/// One person's consent for one purpose: a patient account, or a named person without one (a
/// staff member, a relative). Recorded again, it is updated in place and audited; withdrawn, it
/// stays as the record that it once was given.
public final class ConsentRecord: Model, @unchecked Sendable {
    public static let schema = "consents"

    @ID(key: .id) public var id: UUID?
    @OptionalField(key: "subject_user_id") public var subjectUserID: UUID?
    @OptionalField(key: "subject_name") public var subjectName: String?
    /// `user:<id>` or `name:<folded name>`: one consent per person and purpose.
    @Field(key: "subject_key") public var subjectKey: String
    @Field(key: "purpose") public var purpose: ConsentPurpose
    @Field(key: "photo_level") public var photoLevel: PhotoConsentLevel
    /// The locales publication is allowed in, as `,en,ar,`; empty for every locale.
    @Field(key: "locales") public var storedLocales: String
    @OptionalField(key: "expires_at") public var expiresAt: Date?
    /// The signed form, a private upload.
    @OptionalField(key: "evidence_upload_id") public var evidenceUploadID: UUID?
    /// Where else the evidence is: a paper file's reference, or later the portal's signed consent.
    @OptionalField(key: "evidence_reference") public var evidenceReference: String?
    @Field(key: "recorded_by") public var recordedBy: UUID
    @Field(key: "recorded_at") public var recordedAt: Date
    @OptionalField(key: "withdrawn_at") public var withdrawnAt: Date?
    @OptionalField(key: "withdrawn_by") public var withdrawnBy: UUID?

    public init() {}

    /// Every locale when the list is empty.
    public var locales: [SiteLocale] {
        get { storedLocales.split(separator: ",").compactMap { SiteLocale(rawValue: String($0)) } }
        set { storedLocales = newValue.isEmpty ? "" : "," + newValue.map(\.rawValue).joined(separator: ",") + "," }
    }

    /// Who it covers, for staff: the account's or the person's name is looked up by the caller.
    public var subject: ConsentSubject {
        if let subjectUserID { return .account(subjectUserID) }
        return .person(name: subjectName ?? "")
    }

    /// The level in force at `now`: nothing once withdrawn or expired.
    public func level(at now: Date) -> PhotoConsentLevel {
        if withdrawnAt != nil { return .none }
        if let expiresAt, expiresAt <= now { return .none }
        return photoLevel
    }

    public func allows(_ locale: SiteLocale) -> Bool {
        storedLocales.isEmpty || storedLocales.contains("," + locale.rawValue + ",")
    }
}

/// The person a consent covers.
public enum ConsentSubject: Sendable, Equatable {
    case account(UUID)
    case person(name: String)

    /// The same person written twice with other spacing or case is still one person.
    var key: String {
        switch self {
        case .account(let id): "user:" + id.uuidString.lowercased()
        case .person(let name):
            "name:" + name.precomposedStringWithCanonicalMapping.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
    }
}
