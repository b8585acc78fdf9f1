/// What a person is to the clinic. Staff roles need TOTP before they reach patient data.
public enum AccountRole: String, Sendable, Codable, CaseIterable {
    case patient
    case coordinator
    case surgeon
    case editor
    case admin

    public var isStaff: Bool { self != .patient }
}

extension AccountRole {
    /// Clinical and clinic staff may open a record without a grant in an emergency; editors
    /// (the website) and patients never.
    var mayTakeEmergencyAccess: Bool { self == .surgeon || self == .coordinator || self == .admin }
}
