import Foundation

/// How session cookies are named and how long an unused session lives.
public struct SessionConfiguration: Sendable {
    public var cookieName: String
    public var isSecure: Bool
    /// An unused session dies after this long; each use pushes the deadline back.
    public var idleTimeout: TimeInterval
    /// A session used again within this long is not rewritten just to move its deadline.
    public var refreshInterval: TimeInterval

    /// Over HTTPS the cookie takes the `__Host-` prefix, which browsers only accept with
    /// `Secure`, `Path=/` and no `Domain`: a sibling subdomain can then never plant one.
    public init(secure: Bool, idleTimeout: TimeInterval = 8 * 3600, refreshInterval: TimeInterval = 300) {
        self.cookieName = secure ? "__Host-hc_session" : "hc_session"
        self.isSecure = secure
        self.idleTimeout = idleTimeout
        self.refreshInterval = refreshInterval
    }
}
