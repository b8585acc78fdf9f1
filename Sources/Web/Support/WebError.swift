import Core

/// Failures of the web face itself (not of a domain rule).
public enum WebError: DomainError, Equatable {
    /// A form arrived without the token of the visitor's session.
    case csrfTokenInvalid

    public var kind: ErrorKind {
        switch self {
        case .csrfTokenInvalid: return .forbidden
        }
    }

    public var messageKey: String {
        switch self {
        case .csrfTokenInvalid:
            return msgid("This form has expired or was sent from another site. Go back, reload the page and send it again.")
        }
    }
}
