import Accounts
import Core
import Foundation
import Markup

/// `/admin/users/{id}`: one account, its role, whether it is disabled, and its grants.
public struct AdminUserPage: Sendable {
    public struct Grant: Sendable {
        public let id: UUID
        public let scope: GrantScope
        public let target: String
    }

    public let chrome: PageChrome
    public let userID: UUID
    public let name: String
    public let email: String
    public let role: AccountRole
    public let isDisabled: Bool
    public let twoFactor: Bool
    public let grants: [Grant]
    public let csrfToken: String
    public let notice: String?
    public let errors: [String: String]

    public init(chrome: PageChrome, user: UserRecord, twoFactor: Bool, grants: [AccessGrantRecord], csrfToken: String,
                notice: String? = nil, errors: [String: String] = [:]) {
        self.chrome = chrome
        self.userID = user.id ?? UUID()
        self.name = [user.firstName, user.lastName].filter { !$0.isEmpty }.joined(separator: " ")
        self.email = user.email
        self.role = user.accountRole
        self.isDisabled = user.disabledAt != nil
        self.twoFactor = twoFactor
        self.grants = grants.compactMap { grant in
            guard let id = grant.id, let scope = GrantScope(rawValue: grant.scope) else { return nil }
            return Grant(id: id, scope: scope, target: grant.target)
        }
        self.csrfToken = csrfToken
        self.notice = notice
        self.errors = errors
    }

    func action(_ segments: String...) -> SafeURL {
        SafeURL.path(segments: ["admin", "users", userID.uuidString.lowercased()] + segments)
    }
}
