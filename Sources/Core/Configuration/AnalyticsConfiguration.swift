import Foundation

/// Privacy-friendly page-view counting with a self-hosted Umami server, loaded only after the
/// visitor consents. Set by `HC_ANALYTICS_URL` and `HC_ANALYTICS_SITE_ID` together.
public struct AnalyticsConfiguration: Sendable, Equatable {
    /// The Umami server, e.g. `https://stats.example.org/`.
    public let serverURL: URL
    /// The website's id in Umami.
    public let siteID: String

    public init(serverURL: URL, siteID: String) {
        self.serverURL = serverURL
        self.siteID = siteID
    }

    /// `scheme://host[:port]`, as the CSP names it.
    public var origin: String {
        var origin = "\(serverURL.scheme ?? "https")://\(serverURL.host ?? "")"
        if let port = serverURL.port { origin += ":\(port)" }
        return origin
    }

    /// The tracker script Umami serves.
    public var scriptURL: String {
        var base = serverURL.absoluteString
        if !base.hasSuffix("/") { base += "/" }
        return base + "script.js"
    }

    static func load(url: String?, siteID: String?, production: Bool) throws(ConfigurationError) -> AnalyticsConfiguration? {
        switch (url, siteID) {
        case (nil, nil):
            return nil
        case (nil, _):
            throw ConfigurationError("HC_ANALYTICS_URL", "must be set together with HC_ANALYTICS_SITE_ID")
        case (_, nil):
            throw ConfigurationError("HC_ANALYTICS_SITE_ID", "must be set together with HC_ANALYTICS_URL")
        case (let url?, let siteID?):
            guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), parsed.host?.isEmpty == false,
                  scheme == "https" || (scheme == "http" && !production)
            else {
                throw ConfigurationError("HC_ANALYTICS_URL", production ? "must be an https:// URL" : "must be an http:// or https:// URL")
            }
            let isIDCharacter: (UInt8) -> Bool = {
                ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D
            }
            guard siteID.utf8.count <= 64, siteID.utf8.allSatisfy(isIDCharacter) else {
                throw ConfigurationError("HC_ANALYTICS_SITE_ID", "must be letters, digits and hyphens (Umami's website id)")
            }
            return AnalyticsConfiguration(serverURL: parsed, siteID: siteID)
        }
    }
}
