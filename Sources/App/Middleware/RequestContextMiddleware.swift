import Core
import Foundation
import HTTPSupport
import Vapor
import Web

/// The outermost middleware: gives each request an id and its real client address, and writes
/// one access-log line when the response is ready.
///
/// The line holds the method, the path without its query string, the status and the duration:
/// queries may carry tokens or personal data, and cookies and `Authorization` are never logged.
struct RequestContextMiddleware: AsyncMiddleware {
    let resolver: ClientAddressResolver

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let started = ContinuousClock.now
        // The socket's address: Vapor's `peerAddress` already believes X-Forwarded-For from anyone.
        let peer = request.remoteAddress.flatMap { $0.ipAddress.flatMap(IPAddress.init) }
        request.clientAddress = resolver.resolve(peer: peer, forwardedFor: request.headers[.xForwardedFor])

        // Vapor adopts any incoming X-Request-ID; we accept one only from our own proxies, and only
        // in a shape that cannot forge log lines.
        var requestID = UUID().uuidString.lowercased()
        if let peer, resolver.isTrusted(peer), let incoming = request.headers.first(name: .xRequestId), Self.isSafeID(incoming) {
            requestID = incoming
        }
        request.requestID = requestID
        request.logger[metadataKey: "request-id"] = .string(requestID)

        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: .xRequestId, value: requestID)
        let milliseconds = (ContinuousClock.now - started) / .milliseconds(1)
        request.logger.info("request", metadata: [
            "method": .string(request.method.rawValue),
            "path": .string(request.url.path),
            "status": .stringConvertible(response.status.code),
            "duration_ms": .string(String(format: "%.1f", milliseconds)),
            "client": .string(request.clientAddress?.description ?? "-"),
        ])
        return response
    }

    static func isSafeID(_ id: String) -> Bool {
        (8...64).contains(id.utf8.count) && id.utf8.allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D
        }
    }
}
