import Foundation

extension URL {
    /// The host as a `Host` header writes it: IPv6 in brackets, the port only when it is not the
    /// scheme's default (`https` when the URL names none). Nil without a host.
    public var hostHeader: String? {
        guard var host = host, !host.isEmpty else { return nil }
        if host.contains(":") && !host.hasPrefix("[") { host = "[\(host)]" }
        let scheme = scheme?.lowercased() ?? "https"
        if let port, port != (scheme == "https" ? 443 : 80) { host += ":\(port)" }
        return host
    }
}
