import Core

public enum AuditError: Error, CustomStringConvertible {
    /// The detail holds a number JSON cannot carry exactly, or is too large for an audit row.
    case invalidDetail(String)
    /// The `audit_chain` row is gone: the audit migration has not run, or someone deleted it.
    case chainMissing

    public var description: String {
        switch self {
        case .invalidDetail(let problem): "audit detail refused: \(problem)"
        case .chainMissing: "the audit chain head is missing (run `healthconnect migrate`)"
        }
    }
}
