/// What a person is to the clinic. Staff roles need TOTP before they reach patient data.
public enum AccountRole: String, Sendable, Codable, CaseIterable {
    case patient
    case coordinator
    case surgeon
    case editor
    case admin

    public var isStaff: Bool { self != .patient }
}
