import Core

/// What can go wrong creating or changing an account, as domain errors the faces map to pages
/// and problem documents.
public enum AccountError: DomainError, Equatable {
    /// Another account has this address (after normalisation). Only operator and admin paths
    /// may say so; public sign-up must not reveal who has an account.
    case emailTaken
    case invalid(ValidationFailure)
    /// A verification or reset link that is unknown, used, expired, or older than the last change
    /// of password or address.
    case linkInvalid
    /// Too many attempts from here (rate limit or lockout); try again after this many seconds.
    case tooManyAttempts(retryAfter: Int)

    public var kind: ErrorKind {
        switch self {
        case .emailTaken: .conflict
        case .invalid: .invalid
        case .linkInvalid: .invalid
        case .tooManyAttempts(let seconds): .rateLimited(retryAfterSeconds: seconds)
        }
    }

    public var messageKey: String {
        switch self {
        case .emailTaken: msgid("An account with this e-mail address already exists.")
        case .invalid(let failure): failure.messageKey
        case .linkInvalid: msgid("This link has expired or has already been used. Ask for a new one.")
        case .tooManyAttempts: msgid("There have been too many attempts. For your safety, please wait a few minutes and try again. You can still reset your password.")
        }
    }
}
