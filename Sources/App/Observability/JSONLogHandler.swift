import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Logging

/// Writes each log event as one JSON object on standard output, for log shippers.
///
/// Metadata whose key names a secret (password, token, cookie, authorization, secret), or that holds
/// the values a database query carries (SQLKit's `binds`, FluentKit's `input` and `filters`,
/// PostgresNIO's protocol messages: session data, e-mail addresses), is written as `[redacted]`. A second line of defence behind never
/// logging such values in the first place.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    private let label: String
    private let write: @Sendable (String) -> Void

    /// - Parameter write: receives each finished line; standard output unless a test captures it.
    public init(label: String, level: Logger.Level, write: @escaping @Sendable (String) -> Void = JSONLogHandler.writeToStandardOutput) {
        self.label = label
        self.logLevel = level
        self.write = write
    }

    /// One write(2) per line keeps lines whole when several threads log at once.
    public static func writeToStandardOutput(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            _ = Glibc.write(STDOUT_FILENO, buffer.baseAddress, buffer.count)
        }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var line = "{\"ts\":"
        Self.appendJSONString(Self.timestamp(), to: &line)
        line += ",\"level\":"
        Self.appendJSONString(event.level.rawValue, to: &line)
        line += ",\"logger\":"
        Self.appendJSONString(label, to: &line)
        line += ",\"msg\":"
        Self.appendJSONString(Self.safeMessage(event.message.description), to: &line)
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        for key in merged.keys.sorted() {
            line += ","
            Self.appendJSONString(key, to: &line)
            line += ":"
            Self.appendJSONString(Self.isSecret(key) ? "[redacted]" : Self.flatten(merged[key]!), to: &line)
        }
        line += "}\n"
        write(line)
    }

    /// Messages of our dependencies that print what a request carried. At trace level Vapor logs
    /// each decoded request part: the head with every header (Cookie, Authorization) and body
    /// chunks as bytes (a form's password). Only which part it was is kept.
    static func safeMessage(_ message: String) -> String {
        let decodedPart = "Decoded HTTP part: "
        guard message.hasPrefix(decodedPart) else { return message }
        let kind = message.dropFirst(decodedPart.count).prefix { $0.isLetter }
        return "Decoded HTTP part: \(kind) [contents not logged]"
    }

    static func isSecret(_ key: String) -> Bool {
        let lowered = key.lowercased()
        if ["binds", "input", "filters"].contains(lowered) { return true }
        // PostgresNIO's trace lines print whole protocol messages: bound values, result rows, an
        // error's detail quoting the row. Only the connection's id is kept.
        if lowered.hasPrefix("psql_") && lowered != "psql_connection_id" { return true }
        return ["password", "secret", "token", "cookie", "authorization"].contains { lowered.contains($0) }
    }

    static func flatten(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let string): return string
        case .stringConvertible(let convertible): return convertible.description
        case .array(let values): return "[" + values.map(flatten).joined(separator: ", ") + "]"
        case .dictionary(let values):
            return "{" + values.keys.sorted().map { "\($0): \(isSecret($0) ? "[redacted]" : flatten(values[$0]!))" }.joined(separator: ", ") + "}"
        }
    }

    static func appendJSONString(_ string: String, to line: inout String) {
        line += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": line += "\\\""
            case "\\": line += "\\\\"
            case "\n": line += "\\n"
            case "\r": line += "\\r"
            case "\t": line += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029:
                line += String(format: "\\u%04x", scalar.value)
            default: line.unicodeScalars.append(scalar)
            }
        }
        line += "\""
    }

    private static func timestamp() -> String {
        Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }
}
