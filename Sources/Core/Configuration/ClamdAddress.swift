import Foundation

/// Where clamd listens: `HC_CLAMD_URL`, `tcp://host:port` or `unix:///path/to/clamd.ctl`.
public enum ClamdAddress: Sendable, Equatable, CustomStringConvertible {
    case tcp(host: String, port: Int)
    case unix(path: String)

    public init?(parsing raw: String) {
        if raw.hasPrefix("unix://") {
            let path = String(raw.dropFirst("unix://".count))
            guard path.hasPrefix("/"), path.count > 1 else { return nil }
            self = .unix(path: path)
            return
        }
        guard raw.hasPrefix("tcp://"), let components = URLComponents(string: raw), let host = components.host, !host.isEmpty,
              let port = components.port, (1...65535).contains(port), components.path.isEmpty || components.path == "/" else { return nil }
        self = .tcp(host: host, port: port)
    }

    public var description: String {
        switch self {
        case .tcp(let host, let port): "tcp://\(host):\(port)"
        case .unix(let path): "unix://\(path)"
        }
    }
}
