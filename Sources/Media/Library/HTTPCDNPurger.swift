import AsyncHTTPClient
import Core
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// A purge the cache did not accept; the job that asked retries it.
public struct CDNPurgeFailed: Error, CustomStringConvertible {
    public let path: String
    public let status: UInt

    public var description: String { "the cache answered \(status) to the purge of \(path)" }
}

/// Purges public image paths from a cache that takes one request per URL: nginx's
/// `proxy_cache_purge`, Varnish, or a CDN's URL purge. A 404 is success: nothing was cached.
public struct HTTPCDNPurger: CDNPurger {
    public let target: CDNPurgeTarget
    /// The site's public host (`HC_BASE_URL`'s), sent as `Host`: a cache keys what it keeps by the
    /// host visitors asked for, wherever its purge address is.
    let publicHost: String?
    let client: HTTPClient
    let logger: Logger
    static let timeout = TimeAmount.seconds(15)

    public init(target: CDNPurgeTarget, publicHost: String?, client: HTTPClient, logger: Logger = Logger(label: "healthconnect.cdn")) {
        self.target = target
        self.publicHost = publicHost
        self.client = client
        self.logger = logger
    }

    public func purge(paths: [String]) async throws {
        for path in paths {
            var request = HTTPClientRequest(url: target.url + path)
            request.method = HTTPMethod(rawValue: target.method)
            if let publicHost { request.headers.replaceOrAdd(name: "Host", value: publicHost) }
            if let token = target.token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
            let response = try await client.execute(request, timeout: Self.timeout, logger: logger)
            // The answer's body says nothing we act on; it is read so the connection can be reused.
            _ = try await response.body.collect(upTo: 64 << 10)
            guard (200..<300).contains(response.status.code) || response.status == .notFound else {
                throw CDNPurgeFailed(path: path, status: response.status.code)
            }
        }
        logger.info("purged from the cache", metadata: ["paths": .stringConvertible(paths.count)])
    }
}
