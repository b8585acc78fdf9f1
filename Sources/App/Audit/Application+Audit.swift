import Audit
import Core
import FluentKit
import Foundation
import Vapor

extension Application {
    private struct AuditTrailKey: StorageKey { typealias Value = AuditTrail }

    /// The audit trail, keyed with the configured keyring's audit key.
    var auditTrail: AuditTrail {
        get { storage[AuditTrailKey.self] ?? AuditTrail(keyring: .development) }
        set { storage[AuditTrailKey.self] = newValue }
    }

    /// Records what an operator did at the command line, as the operating-system account that ran it.
    func auditOperatorAction(_ action: String, resource: AuditResource? = nil, outcome: AuditOutcome = .success,
                             detail: [String: JSONValue] = [:], on database: (any Database)? = nil) async throws {
        let event = AuditEvent(actor: .operator(OperatorIdentity.current), action: action, resource: resource, outcome: outcome,
                               origin: AuditOrigin(userAgent: "healthconnect/cli"), detail: detail)
        try await auditTrail.append(event, on: database ?? db)
    }
}

/// The operating-system account running a command: `SUDO_USER` when run through sudo (the person
/// behind it), else the login name.
enum OperatorIdentity {
    static var current: String {
        let env = ProcessInfo.processInfo.environment
        if let sudo = env["SUDO_USER"], !sudo.isEmpty { return sudo }
        if let user = env["USER"] ?? env["LOGNAME"], !user.isEmpty { return user }
        return "uid:\(getuid())"
    }
}
