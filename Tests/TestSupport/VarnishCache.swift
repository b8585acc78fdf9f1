import Core
import Foundation
import NIOCore
import NIOPosix

/// A real Varnish caching a test server, as a CDN would, taking `PURGE` from 127.0.0.1 (Debian's
/// `varnish`, which `make test` installs). It keeps what the app's `Cache-Control` allows, and
/// each answer says `X-Cache-Status: HIT` or `MISS`, so a test sees what the cache did.
///
/// Not nginx: Debian 12's `libnginx-mod-http-cache-purge` (ngx_cache_purge 2.3) crashes nginx
/// 1.22's worker on every purge (signal 11), in either of its configuration styles.
public final class VarnishCache: @unchecked Sendable {
    public let port: Int
    private let folder: URL
    private let process: Process

    /// Starts Varnish on a free port in front of `upstream` and waits until it says it is up.
    public static func start(upstream: Int) async throws -> VarnishCache {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hc-varnish-\(UUID().uuidString.lowercased())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let port = try freePort()
        let vcl = """
            vcl 4.1;
            backend app { .host = "127.0.0.1"; .port = "\(upstream)"; }
            acl purgers { "127.0.0.1"; }
            sub vcl_recv {
                if (req.method == "PURGE") {
                    if (client.ip !~ purgers) { return (synth(403, "Forbidden")); }
                    return (purge);
                }
            }
            sub vcl_deliver {
                if (obj.hits > 0) { set resp.http.X-Cache-Status = "HIT"; } else { set resp.http.X-Cache-Status = "MISS"; }
            }
            """
        let vclFile = folder.appendingPathComponent("cache.vcl")
        try vcl.write(to: vclFile, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/varnishd")
        process.arguments = ["-F", "-a", "127.0.0.1:\(port)", "-f", vclFile.path, "-n", folder.appendingPathComponent("work").path,
                             "-s", "malloc,32m", "-T", "none"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let readiness = Readiness()
        // Varnish says when its child, which answers requests, is up; it listens from before then.
        output.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            // At the end of its output the handler would be called again and again.
            if data.isEmpty { handle.readabilityHandler = nil } else { readiness.read(data) }
        }
        process.terminationHandler = { _ in readiness.finish(started: false) }
        try ProcessLaunch.run(process)
        let cache = VarnishCache(port: port, folder: folder, process: process)
        guard await readiness.started() else {
            cache.stop()
            throw TestSetupError("Varnish did not start: \(readiness.said)")
        }
        return cache
    }

    /// What Varnish has said, and whether its child started: resolved once, by the line or by its exit.
    private final class Readiness: @unchecked Sendable {
        private let lock = NSLock()
        private var text = ""
        private var outcome: Bool?
        private var waiter: CheckedContinuation<Bool, Never>?

        var said: String { lock.withLock { text } }

        func read(_ data: Data) {
            let started = lock.withLock { () -> Bool in
                text += String(decoding: data, as: UTF8.self)
                return text.contains("said Child starts")
            }
            if started { finish(started: true) }
        }

        func finish(started: Bool) {
            let waiting = lock.withLock { () -> CheckedContinuation<Bool, Never>? in
                guard outcome == nil else { return nil }
                outcome = started
                defer { waiter = nil }
                return waiter
            }
            waiting?.resume(returning: started)
        }

        func started() async -> Bool {
            await withCheckedContinuation { continuation in
                let known = lock.withLock { () -> Bool? in
                    if outcome == nil { waiter = continuation }
                    return outcome
                }
                if let known { continuation.resume(returning: known) }
            }
        }
    }

    private init(port: Int, folder: URL, process: Process) {
        self.port = port
        self.folder = folder
        self.process = process
    }

    /// Kills Varnish: a throwaway cache keeps nothing worth a clean stop, and its manager has been
    /// seen ignoring SIGTERM while a client's keep-alive connection stayed open. The child dies
    /// with its manager.
    public func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: folder)
    }

    private static func freePort() throws -> Int {
        let socket = try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).wait()
        defer { try? socket.close().wait() }
        guard let port = socket.localAddress?.port else { throw TestSetupError("no free port") }
        return port
    }
}
