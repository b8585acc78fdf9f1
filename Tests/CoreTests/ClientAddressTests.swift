import Core
import Testing

@Suite("Client addresses behind proxies")
struct ClientAddressTests {
    let resolver = ClientAddressResolver(trustedProxies: [IPNetwork("10.0.0.0/8")!, IPNetwork("::1")!])

    @Test("X-Forwarded-For from an untrusted peer is ignored")
    func untrustedPeer() {
        let peer = IPAddress("203.0.113.7")
        #expect(resolver.resolve(peer: peer, forwardedFor: ["198.51.100.1"]) == peer)
    }

    @Test("the rightmost untrusted hop is the client")
    func trustedChain() {
        let result = resolver.resolve(peer: IPAddress("10.0.0.2"), forwardedFor: ["1.1.1.1, 198.51.100.9", "10.0.0.5"])
        #expect(result == IPAddress("198.51.100.9"))
    }

    @Test("a garbage hop stops the walk at the last good address")
    func garbageHop() {
        let result = resolver.resolve(peer: IPAddress("10.0.0.2"), forwardedFor: ["<script>, 10.0.0.3"])
        #expect(result == IPAddress("10.0.0.3"))
    }

    @Test("IPv4-mapped IPv6 matches IPv4 ranges")
    func mappedAddresses() {
        #expect(IPNetwork("10.0.0.0/8")!.contains(IPAddress("::ffff:10.1.2.3")!))
        #expect(!IPNetwork("10.0.0.0/8")!.contains(IPAddress("11.0.0.1")!))
        #expect(IPNetwork("2001:db8::/32")!.contains(IPAddress("2001:db8::1")!))
        #expect(IPAddress("::1")?.description == "::1")
    }
}
