import Core
import Foundation

/// The SMTP servers `make test` starts (scripts/smtp-test-server.sh): their settings, and the
/// messages they accepted. Tests share the servers, so each uses recipients of its own.
public enum TestSMTPServer {
    public enum Mode: Int, Sendable {
        case startTLS = 0, implicitTLS, plaintext, injection
    }

    public struct Received: Sendable {
        public let raw: String
        public let mailFrom: String
        public let recipients: [String]
        public let tls: Bool
        public let authenticated: Bool
    }

    public static let username = "hc"
    public static let password = "hc-test-password"

    static func directory() throws -> URL {
        guard let path = ProcessInfo.processInfo.environment["HC_TEST_SMTP_DIR"] else {
            throw TestSetupError("HC_TEST_SMTP_DIR is not set: run the tests with `make test`, which starts the SMTP servers")
        }
        return URL(fileURLWithPath: path)
    }

    public static func port(_ mode: Mode) throws -> Int {
        let ports = (ProcessInfo.processInfo.environment["HC_TEST_SMTP_PORTS"] ?? "").split(separator: " ").compactMap { Int($0) }
        guard ports.count == 4 else { throw TestSetupError("HC_TEST_SMTP_PORTS is not set: run the tests with `make test`") }
        return ports[mode.rawValue]
    }

    /// Settings for `mode`, trusting the test CA (or, with `untrustedCA`, a CA that did not sign
    /// the server's certificate).
    public static func server(_ mode: Mode, credentials: Bool = true, untrustedCA: Bool = false) throws -> SMTPServer {
        let directory = try directory()
        return SMTPServer(
            host: "127.0.0.1", port: try port(mode), security: mode == .implicitTLS ? .implicitTLS : .startTLS,
            username: credentials ? username : nil, password: credentials ? password : nil,
            caFile: directory.appendingPathComponent(untrustedCA ? "other-ca.pem" : "ca.pem").path
        )
    }

    /// A recipient address no other test uses; `prefix` picks the server's behaviour
    /// (`refuse-once-`, `drop-once-`, `reject-`).
    public static func recipient(_ prefix: String = "patient-") -> String {
        "\(prefix)\(UUID().uuidString.lowercased().prefix(12))@hills.example"
    }

    /// Every message accepted for `recipient`.
    public static func received(by recipient: String) throws -> [Received] {
        let outbox = try directory().appendingPathComponent("outbox")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: outbox.path)) ?? []
        return try files.filter { $0.hasSuffix(".json") }.sorted().compactMap { name in
            let envelope = try JSONSerialization.jsonObject(with: Data(contentsOf: outbox.appendingPathComponent(name))) as? [String: Any] ?? [:]
            let recipients = envelope["rcpt_tos"] as? [String] ?? []
            guard recipients.contains(recipient) else { return nil }
            let eml = outbox.appendingPathComponent(name.replacingOccurrences(of: ".json", with: ".eml"))
            return Received(raw: String(decoding: try Data(contentsOf: eml), as: UTF8.self),
                            mailFrom: envelope["mail_from"] as? String ?? "", recipients: recipients,
                            tls: envelope["tls"] as? Bool ?? false, authenticated: envelope["authenticated"] as? Bool ?? false)
        }
    }
}
