import Accounts
import Core
import Foundation
import Markup

/// `/admin/users`: find accounts by the start of a name or address, filter by role, page through
/// them, open one, invite staff.
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
    public let page: Int
    public let hasNextPage: Bool
    public let notice: String?

    public init(chrome: PageChrome, search: String, role: AccountRole?, result: Accounts.AccountSearchResult, notice: String? = nil) {
        self.chrome = chrome
        self.search = search
        self.role = role
        self.page = result.page
        self.hasNextPage = result.hasNextPage
        self.rows = result.users.compactMap { user in
            guard let id = user.id else { return nil }
            return Row(id: id, name: [user.firstName, user.lastName].filter { !$0.isEmpty }.joined(separator: " "), email: user.email,
                       role: user.accountRole, isDisabled: user.disabledAt != nil, isVerified: user.emailVerifiedAt != nil)
        }
        self.notice = notice
    }

    /// The list's address for another page, keeping the search and the role.
    func link(toPage number: Int) -> SafeURL {
        var query: [(name: String, value: String)] = []
        if !search.isEmpty { query.append(("q", search)) }
        if let role { query.append(("role", role.rawValue)) }
        query.append(("page", String(number)))
        return SafeURL.path("admin", "users").with(query: query)
    }
}
