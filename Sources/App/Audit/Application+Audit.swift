import Audit
import Core
import HTTPSupport
import Media
import FluentKit
import Foundation
import Vapor
import Web

extension Application {
    private struct AuditTrailKey: StorageKey { typealias Value = AuditTrail }

    /// The audit trail, keyed with the configured keyring's audit key.
    var auditTrail: AuditTrail {
        get { storage[AuditTrailKey.self] ?? AuditTrail(keyring: .development) }
        set { storage[AuditTrailKey.self] = newValue }
    }

    /// Where chain heads go outside the database: the file `HC_AUDIT_CHECKPOINT_PATH`, or objects
    /// in the upload storage (`HC_AUDIT_CHECKPOINTS=storage`).
    var auditCheckpoints: any AuditCheckpointSink {
        webContext.configuration.auditCheckpointsInStorage
            ? StorageCheckpointSink(storage: uploads.storage)
            : AuditCheckpointFile(path: webContext.configuration.auditCheckpointPath)
    }

    /// A task writing a checkpoint a minute while this process works the queue, and a last one
    /// when cancelled.
    func startAuditCheckpoints() -> Task<Void, Never> {
        let writer = AuditCheckpointWriter(sink: auditCheckpoints, database: { [unowned self] in self.db }, logger: logger)
        return Task { await writer.run() }
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
