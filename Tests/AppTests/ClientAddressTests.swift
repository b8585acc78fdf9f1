import Core
import Foundation
import Testing
import TestSupport
import Vapor

@Suite("Client address and request id behind proxies")
struct LiveClientAddressTests {
    static func request(forwardedFor: String, requestID: String) -> [UInt8] {
        Array("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: \(forwardedFor)\r\nX-Request-ID: \(requestID)\r\nConnection: close\r\n\r\n".utf8)
    }

    @Test("a trusted proxy's X-Forwarded-For and request id are believed")
    func trustedProxy() async throws {
        let capture = LogCapture()
        try await withTestApp(adjust: { $0.trustedProxies = [IPNetwork("127.0.0.1")!] }) { app in
            app.logger = capture.logger()
            try await withRunningServer(app) { port in
                let answer = try await RawHTTP.exchange(Self.request(forwardedFor: "203.0.113.9", requestID: "edge-abc12345"), port: port)
                #expect(answer.lowercased().contains("x-request-id: edge-abc12345"))
            }
        }
        #expect(capture.text.contains("\"client\":\"203.0.113.9\""))
    }

    @Test("an untrusted peer's X-Forwarded-For and request id are ignored")
    func untrustedPeer() async throws {
        let capture = LogCapture()
        try await withTestApp { app in
            app.logger = capture.logger()
            try await withRunningServer(app) { port in
                let answer = try await RawHTTP.exchange(Self.request(forwardedFor: "203.0.113.9", requestID: "forged-12345678"), port: port)
                #expect(!answer.contains("forged-12345678"))
            }
        }
        #expect(capture.text.contains("\"client\":\"127.0.0.1\""))
        #expect(!capture.text.contains("203.0.113.9"))
    }
}
