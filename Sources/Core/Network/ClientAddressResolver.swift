import Foundation

/// Finds the real client address behind reverse proxies, believing `X-Forwarded-For` only from trusted peers.
///
/// The header is read from the right: each hop appends the address it saw, so the rightmost entry
/// that is not one of our own proxies is the client. Entries to its left are whatever the client sent.
public struct ClientAddressResolver: Sendable {
    public let trustedProxies: [IPNetwork]

    public init(trustedProxies: [IPNetwork]) {
        self.trustedProxies = trustedProxies
    }

    public func isTrusted(_ address: IPAddress) -> Bool {
        trustedProxies.contains { $0.contains(address) }
    }

    /// - Parameters:
    ///   - peer: the socket's remote address, nil when unknown.
    ///   - forwardedFor: every `X-Forwarded-For` header value, in order.
    public func resolve(peer: IPAddress?, forwardedFor: [String]) -> IPAddress? {
        guard let peer, isTrusted(peer) else { return peer }
        let hops = forwardedFor
            .flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        var client = peer
        for hop in hops.reversed() {
            guard let address = IPAddress(hop) else { return client }
            client = address
            if !isTrusted(address) { return address }
        }
        return client
    }
}
