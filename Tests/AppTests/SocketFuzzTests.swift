import Foundation
import NIOPosix
import Testing
import TestSupport
import Vapor

/// Hostile and broken HTTP over a real socket: whatever arrives, the answer is never a 5xx.
@Suite("Malformed requests never cause a 5xx")
struct SocketFuzzTests {
    static func request(_ head: String, body: String = "") -> [UInt8] {
        Array((head + "\r\n\r\n" + body).utf8)
    }

    static let cases: [(String, [UInt8])] = [
        ("bad percent-encoding", request("GET /%zz HTTP/1.1\r\nHost: x\r\nConnection: close")),
        ("truncated UTF-8 escape", request("GET /ar/%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close")),
        ("encoded NUL", request("GET /%00 HTTP/1.1\r\nHost: x\r\nConnection: close")),
        ("invalid UTF-8 bytes", request("GET /fa/%FF%FE%FD HTTP/1.1\r\nHost: x\r\nConnection: close")),
        ("empty segments", request("GET //// HTTP/1.1\r\nHost: x\r\nConnection: close")),
        ("dot segments", request("GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close")),
        ("encoded traversal into static", request("GET /static/%2e%2e/%2e%2e/Package.swift HTTP/1.1\r\nHost: x\r\nConnection: close")),
        ("very long path", request("GET " + String(repeating: "/a", count: 4000) + " HTTP/1.1\r\nHost: x\r\nConnection: close")),
        ("broken query", request("GET /en/?" + String(repeating: "q=%&", count: 500) + " HTTP/1.1\r\nHost: x\r\nConnection: close")),
        ("huge header", request("GET /en/ HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "a", count: 200_000) + "\r\nConnection: close")),
        ("thousands of headers", request("GET /en/ HTTP/1.1\r\nHost: x\r\n" + (0..<3000).map { "X-\($0): v" }.joined(separator: "\r\n") + "\r\nConnection: close")),
        ("bad cookies", request("GET /test-session HTTP/1.1\r\nHost: x\r\nCookie: hc_session=%%%; ; =; a=\u{1}; hc_session=\(String(repeating: "z", count: 43))\r\nConnection: close")),
        ("bad Accept-Language", request("GET / HTTP/1.1\r\nHost: x\r\nAccept-Language: ;q=abc, -, *;q=2, ar-;q=NaN, \u{7f}\r\nConnection: close")),
        ("garbage form body", request("POST /test-form HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 24\r\nConnection: close", body: "%%%&&==&csrf_token=%zz&&")),
        ("multipart without boundary", request("POST /test-form HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data\r\nContent-Length: 5\r\nConnection: close", body: "hello")),
        ("JSON garbage to the API", request("POST /api/test-echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 9\r\nConnection: close", body: "{\"name\":[")),
        ("JSON of the wrong shape", request("POST /api/test-echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 12\r\nConnection: close", body: "{\"name\":123}")),
        ("short body for its length", request("POST /api/test-echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\nConnection: close", body: "{}")),
        ("bad chunk size", request("POST /api/test-echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close", body: "zz\r\nabc\r\n0\r\n\r\n")),
        ("TLS to a plain port", [0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00, 0x00, 0xa1, 0x03, 0x03] + Array(repeating: 0, count: 64)),
        ("unknown HTTP version", request("GET / HTTP/9.9\r\nHost: x")),
        ("unknown method", request("FOO /en/ HTTP/1.1\r\nHost: x\r\nConnection: close")),
        ("header without colon", request("GET /en/ HTTP/1.1\r\nHost: x\r\nThis is not a header\r\nConnection: close")),
        ("garbage forwarding headers", request("GET /en/ HTTP/1.1\r\nHost: \u{0}\r\nX-Forwarded-For: <script>, ::::, 999.1.1.1\r\nX-Request-ID: \r\nConnection: close")),
        ("absurd range on a static file", request("GET /static/favicon.svg HTTP/1.1\r\nHost: x\r\nRange: bytes=999999-1\r\nConnection: close")),
        ("binary noise", (0..<2048).map { UInt8(truncatingIfNeeded: $0 &* 7919) }),
    ]

    @Test("no 5xx for malformed input", arguments: cases.indices)
    func noServerErrors(index: Int) async throws {
        let (name, bytes) = Self.cases[index]
        try await withTestApp(routes: TestRoutes.register) { app in
            try await withRunningServer(app) { port in
                // Ten seconds: a request that never sends its whole body ends only when we hang up.
                let answer = try await RawHTTP.exchange(bytes, port: port, timeout: .seconds(10))
                let codes = RawHTTP.statusCodes(in: answer)
                #expect(codes.allSatisfy { $0 < 500 }, "\(name): \(codes)")
                // The server is still healthy afterwards.
                let health = try await RawHTTP.exchange(Self.request("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close"), port: port)
                #expect(RawHTTP.statusCodes(in: health) == [200], "\(name): server unhealthy afterwards")
            }
        }
    }

    @Test("a refused connection is an error the test sees, not a crash of every test")
    func refusedConnection() async throws {
        let socket = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(socket.localAddress?.port)
        try await socket.close()
        await #expect(throws: (any Error).self) {
            _ = try await RawHTTP.exchange(Self.request("GET / HTTP/1.1\r\nHost: x"), port: port, timeout: .seconds(5))
        }
    }
}
