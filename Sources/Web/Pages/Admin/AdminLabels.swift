import Accounts
import Core

/// How roles and grant scopes read in the admin, in the admin's language.
enum AdminLabels {
    static func role(_ role: AccountRole, _ t: Localizer) -> String {
        switch role {
        case .patient: t.t("Patient")
        case .coordinator: t.t("Coordinator")
        case .surgeon: t.t("Surgeon")
        case .editor: t.t("Editor")
        case .admin: t.t("Administrator")
        }
    }

    static func roleOptions(_ t: Localizer) -> [(value: String, label: String)] {
        AccountRole.allCases.map { ($0.rawValue, role($0, t)) }
    }

    static func scope(_ scope: GrantScope, _ t: Localizer) -> String {
        switch scope {
        case .patient: t.t("A patient's record")
        case .inquiries: t.t("Inquiries of a region")
        }
    }
}
