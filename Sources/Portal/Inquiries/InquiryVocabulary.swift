import Core

/// Where an inquiry stands in triage.
public enum InquiryStatus: String, Codable, Sendable, CaseIterable {
    /// Sent, not yet answered.
    case new
    /// A coordinator replied; waiting for the patient.
    case answered
    /// A surgeon is assigned.
    case assigned
    /// It became a case.
    case converted
    case closed
    case spam
    case duplicate
}

/// The treatment the patient asks about.
public enum TreatmentMethod: String, Codable, Sendable, CaseIterable {
    case notSure = "not-sure"
    case internalNail = "internal-nail"
    case lengtheningOverNail = "lengthening-over-nail"
    case ilizarov
    case deformityCorrection = "deformity-correction"

    public var label: String {
        switch self {
        case .notSure: msgid("Not sure yet")
        case .internalNail: msgid("Internal lengthening nail")
        case .lengtheningOverNail: msgid("Lengthening over a nail")
        case .ilizarov: msgid("Ilizarov frame")
        case .deformityCorrection: msgid("Deformity correction")
        }
    }
}

/// Who fills in the form for a patient under 18.
public enum GuardianRelationship: String, Codable, Sendable, CaseIterable {
    case mother
    case father
    case legalGuardian = "legal-guardian"
    case other

    public var label: String {
        switch self {
        case .mother: msgid("Mother")
        case .father: msgid("Father")
        case .legalGuardian: msgid("Legal guardian")
        case .other: msgid("Other relationship")
        }
    }
}
