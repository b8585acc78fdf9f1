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

    /// Starts Varnish on a free port in front of `upstream` and waits until it listens.
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
        let log = folder.appendingPathComponent("varnishd.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let output = try FileHandle(forWritingTo: log)
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let cache = VarnishCache(port: port, folder: folder, process: process)
        for _ in 0..<400 {
            if await listening(port) { return cache }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(25))
        }
        let said = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        cache.stop()
        throw TestSetupError("Varnish did not start: \(said)")
    }

    private init(port: Int, folder: URL, process: Process) {
        self.port = port
        self.folder = folder
        self.process = process
    }

    /// Asks Varnish to stop, and kills it after two seconds: its manager has been seen ignoring
    /// the request while a client's keep-alive connection stayed open. The child dies with it.
    public func stop() {
        if process.isRunning {
            process.terminate()
            for _ in 0..<40 where process.isRunning { usleep(50_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
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

    private static func listening(_ port: Int) async -> Bool {
        guard let channel = try? await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: port).get() else {
            return false
        }
        try? await channel.close()
        return true
    }
}
