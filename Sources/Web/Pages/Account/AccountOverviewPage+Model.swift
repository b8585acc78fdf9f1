import Accounts
import Core
import Foundation
import Markup

/// `/{locale}/account/`: who is signed in, and every browser signed in to the account, each with
/// a button to end it.
public struct AccountOverviewPage: Sendable {
    public struct SessionRow: Sendable {
        public let id: UUID
        public let isCurrent: Bool
        public let signedInAt: Date
        public let lastSeenAt: Date
        public let clientIP: String?
        public let device: String
    }

    public let chrome: PageChrome
    public let name: String
    public let email: String
    public let timeZone: String
    public let sessions: [SessionRow]
    /// Apps signed in through the API, as rows of the same shape.
    public let apps: [SessionRow]
    public let csrfToken: String
    public let notice: String?
    /// Patients send the clinic their X-rays and reports from their account.
    public let sendsFiles: Bool
    /// Staff pages this role works in, so that they are reached from the account, not typed.
    public let staffPages: [(label: String, url: SafeURL)]

    public init(chrome: PageChrome, user: UserRecord, current: UUID?, sessions: [AccountSessionRecord],
                apps: [TokenFamilyRecord] = [], csrfToken: String, notice: String? = nil) {
        self.chrome = chrome
        self.name = [user.firstName, user.lastName].filter { !$0.isEmpty }.joined(separator: " ")
        self.email = user.email
        self.timeZone = user.timeZone
        self.sendsFiles = user.accountRole == .patient
        let t = chrome.localizer
        let media = (t.t("Media library"), SafeURL.path("admin", "media"))
        switch user.accountRole {
        case .admin: staffPages = [(t.t("Accounts"), SafeURL.path("admin", "users")), (t.t("Uploads held back"), SafeURL.path("admin", "uploads")), media]
        case .coordinator: staffPages = [(t.t("Inquiries"), SafeURL.path("admin", "inquiries")), (t.t("Cases"), SafeURL.path("admin", "cases")),
                                         (t.t("Uploads held back"), SafeURL.path("admin", "uploads")), media]
        case .surgeon: staffPages = [(t.t("Cases"), SafeURL.path("admin", "cases"))]
        case .editor: staffPages = [media]
        case .patient: staffPages = []
        }
        self.sessions = sessions.compactMap { session in
            guard let id = session.id else { return nil }
            return SessionRow(id: id, isCurrent: id == current, signedInAt: session.createdAt, lastSeenAt: session.lastSeenAt,
                              clientIP: session.clientIP, device: UserAgentSummary.describe(session.userAgent))
        }
        self.apps = apps.compactMap { family in
            guard let id = family.id else { return nil }
            return SessionRow(id: id, isCurrent: false, signedInAt: family.createdAt, lastSeenAt: family.lastUsedAt,
                              clientIP: family.clientIP, device: UserAgentSummary.describe(family.userAgent))
        }
        self.csrfToken = csrfToken
        self.notice = notice
    }

    func endAppAction(_ id: UUID) -> SafeURL {
        SafeURL.path(chrome.locale.rawValue, "account", "apps", id.uuidString.lowercased(), "end")
    }

    func endAction(_ id: UUID) -> SafeURL {
        SafeURL.path(chrome.locale.rawValue, "account", "sessions", id.uuidString.lowercased(), "end")
    }
}

/// A short name for a browser from its User-Agent ("Firefox on Android"), enough to recognise
/// one's own devices in the list. Unknown agents say so rather than guess.
enum UserAgentSummary {
    static func describe(_ agent: String?) -> String {
        guard let agent, !agent.isEmpty else { return "?" }
        let browsers = [("Edg/", "Edge"), ("OPR/", "Opera"), ("SamsungBrowser", "Samsung Internet"), ("Firefox/", "Firefox"),
                        ("Chrome/", "Chrome"), ("Safari/", "Safari")]
        let systems = [("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"), ("Windows", "Windows"),
                       ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"), ("Linux", "Linux")]
        let browser = browsers.first { agent.contains($0.0) }?.1
        let system = systems.first { agent.contains($0.0) }?.1
        switch (browser, system) {
        case let (b?, s?): return "\(b) · \(s)"
        case let (b?, nil): return b
        case let (nil, s?): return s
        default: return String(agent.prefix(60))
        }
    }
}
