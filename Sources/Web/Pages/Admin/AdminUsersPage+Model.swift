import Accounts
import Core
import Foundation
import Markup

/// `/admin/users`: find accounts by name or address, filter by role, open one, invite staff.
public struct AdminUsersPage: Sendable {
    public struct Row: Sendable {
        public let id: UUID
        public let name: String
        public let email: String
        public let role: AccountRole
        public let isDisabled: Bool
        public let isVerified: Bool
    }

    public let chrome: PageChrome
    public let search: String
    public let role: AccountRole?
    public let rows: [Row]
    public let notice: String?

    public init(chrome: PageChrome, search: String, role: AccountRole?, users: [UserRecord], notice: String? = nil) {
        self.chrome = chrome
        self.search = search
        self.role = role
        self.rows = users.compactMap { user in
            guard let id = user.id else { return nil }
            return Row(id: id, name: [user.firstName, user.lastName].filter { !$0.isEmpty }.joined(separator: " "), email: user.email,
                       role: user.accountRole, isDisabled: user.disabledAt != nil, isVerified: user.emailVerifiedAt != nil)
        }
        self.notice = notice
    }
}
