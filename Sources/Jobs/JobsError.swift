import Core

/// Failures of the job queue itself.
public enum JobsError: DomainError, Equatable {
    /// The database is neither SQLite nor PostgreSQL, or not reachable through SQL.
    case unsupportedDatabase
    /// No job with that id, or not in a state the operation needs.
    case notFound
    /// The worker no longer holds the job's lease (it expired and another worker took it).
    case leaseLost

    public var kind: ErrorKind {
        switch self {
        case .unsupportedDatabase: return .unavailable
        case .notFound: return .notFound
        case .leaseLost: return .conflict
        }
    }

    public var messageKey: String {
        switch self {
        case .unsupportedDatabase: return msgid("Temporarily unavailable")
        case .notFound: return msgid("The page you asked for does not exist or has moved.")
        case .leaseLost: return msgid("This has changed in the meantime")
        }
    }
}
