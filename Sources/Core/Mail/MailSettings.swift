import Foundation

/// How mail leaves: through an SMTP server, or (in development) into `.eml` files.
public enum MailTransportSetting: Sendable, Equatable, CustomStringConvertible {
    case smtp(SMTPServer)
    case outbox(directory: String)

    public var description: String {
        switch self {
        case .smtp(let server): server.description
        case .outbox(let directory): "outbox \(directory)"
        }
    }
}

/// An SMTP server from `HC_SMTP_URL`: `smtp://user:password@host:587` (STARTTLS, which must
/// succeed) or `smtps://user:password@host:465` (TLS from the first byte). There is no plain-text
/// mode: credentials and patients' names never cross a network unencrypted.
public struct SMTPServer: Sendable, Equatable, CustomStringConvertible {
    public enum Security: String, Sendable {
        case startTLS
        case implicitTLS
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var password: String?
    /// A PEM file of CA certificates to trust instead of the system's (a private relay, the tests).
    public var caFile: String?

    public init(host: String, port: Int, security: Security, username: String? = nil, password: String? = nil, caFile: String? = nil) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.caFile = caFile
    }

    public init(parsing raw: String, caFile: String?) throws(ConfigurationError) {
        guard let components = URLComponents(string: raw), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty else {
            throw ConfigurationError("HC_SMTP_URL", "must look like smtp://user:password@host:587 or smtps://user:password@host:465")
        }
        switch scheme {
        case "smtp": security = .startTLS
        case "smtps": security = .implicitTLS
        default: throw ConfigurationError("HC_SMTP_URL", "scheme must be smtp (STARTTLS) or smtps (implicit TLS), not '\(scheme)'")
        }
        self.host = host
        self.port = components.port ?? (security == .implicitTLS ? 465 : 587)
        self.username = components.user?.removingPercentEncoding
        self.password = components.password?.removingPercentEncoding
        if username != nil && password == nil {
            throw ConfigurationError("HC_SMTP_URL", "has a user but no password")
        }
        self.caFile = caFile
    }

    /// Never prints the password.
    public var description: String {
        "\(security == .implicitTLS ? "smtps" : "smtp")://\(username.map { "\($0):***@" } ?? "")\(host):\(port)"
    }
}

/// Where mail comes from and how it leaves.
public struct MailSettings: Sendable, Equatable {
    public var from: MailAddress
    public var transport: MailTransportSetting

    public init(from: MailAddress, transport: MailTransportSetting) {
        self.from = from
        self.transport = transport
    }

    public static let defaultOutbox = "var/outbox"
    public static let defaultFrom = MailAddress(address: "noreply@localhost.localdomain", name: "Health Connect")!
}
