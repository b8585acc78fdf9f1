import Foundation
import Core

/// Who did it.
public enum AuditActor: Sendable, Hashable {
    /// A signed-in person, by user id.
    case user(String)
    /// Someone not signed in (a failed sign-in, a public form).
    case anonymous
    /// The application itself, named by the part that acted (a job kind, a scheduler).
    case system(String)
    /// An operator at the command line, by operating-system account.
    case `operator`(String)

    public var type: String {
        switch self {
        case .user: "user"
        case .anonymous: "anonymous"
        case .system: "system"
        case .operator: "operator"
        }
    }

    public var id: String? {
        switch self {
        case .user(let id), .system(let id), .operator(let id): id
        case .anonymous: nil
        }
    }
}

/// How the attempt ended.
public enum AuditOutcome: String, Sendable, CaseIterable {
    case success
    /// Attempted but failed (bad input, a conflict).
    case failure
    /// Refused by policy: the actor may not do this.
    case denied
}

/// What was acted on.
public struct AuditResource: Sendable, Hashable {
    public var type: String
    public var id: String?

    public init(type: String, id: String?) {
        self.type = type
        self.id = id
    }
}

/// Whose data an event is about, whatever was acted on (an inquiry, an upload, a case): the key of
/// "who opened my record".
public struct AuditSubject: Sendable, Hashable {
    public let value: String

    public static func patient(_ id: UUID) -> AuditSubject { AuditSubject(value: "patient:" + id.uuidString.lowercased()) }
}

/// Where the action came from. Values are cleaned at construction: control characters removed
/// and lengths capped, since a user agent is whatever the client chose to send.
public struct AuditOrigin: Sendable, Hashable {
    public var clientIP: String?
    public var userAgent: String?
    public var requestID: String?

    public init(clientIP: String? = nil, userAgent: String? = nil, requestID: String? = nil) {
        self.clientIP = Self.clean(clientIP, limit: 64)
        self.userAgent = Self.clean(userAgent, limit: 512)
        self.requestID = Self.clean(requestID, limit: 64)
    }

    public static let none = AuditOrigin()

    private static func clean(_ text: String?, limit: Int) -> String? {
        guard let text else { return nil }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where scalar.value >= 0x20 && scalar.value != 0x7F {
            guard scalars.count < limit else { break }
            scalars.append(scalar)
        }
        return scalars.isEmpty ? nil : String(scalars)
    }
}

/// An event about to be appended. `action` is a dotted name, `area.verb` (`jobs.retry`,
/// `patient.record.view`); `detail` is a small JSON object without personal data beyond ids.
public struct AuditEvent: Sendable {
    public var actor: AuditActor
    public var action: String
    public var resource: AuditResource?
    public var outcome: AuditOutcome
    public var origin: AuditOrigin
    public var detail: [String: JSONValue]
    public var subject: AuditSubject?

    public init(actor: AuditActor, action: String, resource: AuditResource? = nil, outcome: AuditOutcome = .success,
                origin: AuditOrigin = .none, detail: [String: JSONValue] = [:], subject: AuditSubject? = nil) {
        self.actor = actor
        self.action = action
        self.resource = resource
        self.outcome = outcome
        self.origin = origin
        self.detail = detail
        self.subject = subject
    }
}
