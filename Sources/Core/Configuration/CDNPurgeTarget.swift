import Foundation

/// The cache in front of the public images (a CDN, or nginx with `proxy_cache_purge`), told to
/// forget an image the moment its consent no longer allows it: one request per path, with the
/// path appended to `url`. Set by `HC_CDN_PURGE_URL` (and `HC_CDN_PURGE_METHOD`, `HC_CDN_PURGE_TOKEN`).
public struct CDNPurgeTarget: Sendable, Equatable, CustomStringConvertible {
    /// Where purges go, without a trailing slash: `https://cache.internal` purges
    /// `/images/x.avif` at `https://cache.internal/images/x.avif`.
    public let url: String
    /// `PURGE` for nginx's `proxy_cache_purge` and Varnish; whatever the CDN's URL purge takes.
    public let method: String
    /// Sent as `Authorization: Bearer`, when the cache asks for one; never printed.
    public let token: String?

    /// - Parameter url: trailing slashes are dropped, so paths join it with one.
    public init(url: String, method: String = "PURGE", token: String? = nil) {
        var base = url
        while base.hasSuffix("/") { base.removeLast() }
        self.url = base
        self.method = method
        self.token = token
    }

    public var description: String {
        "\(method) \(url)/…" + (token == nil ? "" : " (with a token)")
    }

    static func load(url: String?, method: String?, token: String?, production: Bool) throws(ConfigurationError) -> CDNPurgeTarget? {
        guard let url else {
            if method != nil { throw ConfigurationError("HC_CDN_PURGE_METHOD", "needs HC_CDN_PURGE_URL") }
            if token != nil { throw ConfigurationError("HC_CDN_PURGE_TOKEN", "needs HC_CDN_PURGE_URL") }
            return nil
        }
        guard let parsed = URLComponents(string: url), let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https",
              parsed.host?.isEmpty == false, parsed.query == nil, parsed.fragment == nil, parsed.user == nil else {
            throw ConfigurationError("HC_CDN_PURGE_URL", "must be an http:// or https:// URL without a query, such as http://cache.internal")
        }
        // A token crossing a network in the clear could be replayed to empty the cache.
        if production, token != nil, scheme != "https", !Self.isLoopback(parsed.host ?? "") {
            throw ConfigurationError("HC_CDN_PURGE_URL", "must be https:// in production when HC_CDN_PURGE_TOKEN is set")
        }
        let verb = method ?? "PURGE"
        guard !verb.isEmpty, verb.count <= 20, verb.utf8.allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) }) else {
            throw ConfigurationError("HC_CDN_PURGE_METHOD", "must be an HTTP method in capitals, such as PURGE, not '\(verb)'")
        }
        if let token, token.isEmpty || token.utf8.contains(where: { $0 < 0x21 || $0 > 0x7E }) {
            throw ConfigurationError("HC_CDN_PURGE_TOKEN", "must be printable ASCII without spaces")
        }
        return CDNPurgeTarget(url: url, method: verb, token: token)
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }
}
