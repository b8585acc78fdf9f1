import Foundation

/// Where the database lives, parsed from `HC_DATABASE_URL`.
///
/// `sqlite://relative/path`, `sqlite:///absolute/path`, or
/// `postgres://user:password@host:port/database` (also `postgresql://`; `?sslmode=require` turns TLS on).
public enum DatabaseURL: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresLocation)

    /// A PostgreSQL server address and credentials.
    public struct PostgresLocation: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var username: String
        public var password: String
        public var database: String
        public var requireTLS: Bool

        public init(host: String, port: Int = 5432, username: String, password: String, database: String, requireTLS: Bool = false) {
            self.host = host
            self.port = port
            self.username = username
            self.password = password
            self.database = database
            self.requireTLS = requireTLS
        }
    }

    /// Parses the variable's value, or explains in one line what is wrong (without echoing a password).
    public init(parsing raw: String, variable: String = "HC_DATABASE_URL") throws(ConfigurationError) {
        if raw.hasPrefix("sqlite://") {
            let path = String(raw.dropFirst("sqlite://".count))
            guard !path.isEmpty, path != "/" else {
                throw ConfigurationError(variable, "sqlite:// needs a file path, e.g. sqlite://var/healthconnect.sqlite")
            }
            self = .sqlite(path: path)
            return
        }
        guard let components = URLComponents(string: raw), let scheme = components.scheme?.lowercased() else {
            throw ConfigurationError(variable, "is not a URL; expected sqlite://path or postgres://user:password@host:port/database")
        }
        guard scheme == "postgres" || scheme == "postgresql" else {
            throw ConfigurationError(variable, "unsupported scheme '\(scheme)'; expected sqlite or postgres")
        }
        guard let host = components.host, !host.isEmpty else {
            throw ConfigurationError(variable, "postgres URL has no host")
        }
        guard let user = components.user, !user.isEmpty else {
            throw ConfigurationError(variable, "postgres URL has no user name")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else {
            throw ConfigurationError(variable, "postgres URL has no database name after the host")
        }
        let sslMode = components.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "disable"
        guard ["disable", "require", "verify-full"].contains(sslMode) else {
            throw ConfigurationError(variable, "sslmode must be disable, require or verify-full")
        }
        self = .postgres(PostgresLocation(
            host: host,
            port: components.port ?? 5432,
            username: user.removingPercentEncoding ?? user,
            password: (components.password ?? "").removingPercentEncoding ?? "",
            database: database,
            requireTLS: sslMode != "disable"
        ))
    }

    /// A form safe to print and log: the password is never shown.
    public var description: String {
        switch self {
        case .sqlite(let path):
            return "sqlite://\(path)"
        case .postgres(let location):
            let secret = location.password.isEmpty ? "" : ":***"
            return "postgres://\(location.username)\(secret)@\(location.host):\(location.port)/\(location.database)"
        }
    }

    /// Whether this is the embedded SQLite database.
    public var isSQLite: Bool {
        if case .sqlite = self { return true }
        return false
    }
}
