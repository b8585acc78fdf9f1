import Core

/// What can go wrong creating or changing an account, as domain errors the faces map to pages
/// and problem documents.
public enum AccountError: DomainError, Equatable {
    /// Another account has this address (after normalisation). Only operator and admin paths
    /// may say so; public sign-up must not reveal who has an account.
    case emailTaken
    /// No account with that id.
    case notFound
    case invalid(ValidationFailure)
    /// A verification or reset link that is unknown, used, expired, or older than the last change
    /// of password or address.
    case linkInvalid
    /// Wrong address, password or code at the API (the same answer for each).
    case invalidCredentials
    /// An access or refresh token that is malformed, expired, revoked or reused.
    case invalidToken
    /// Too many attempts from here (rate limit or lockout); try again after this many seconds.
    case tooManyAttempts(retryAfter: Int)

    public var kind: ErrorKind {
        switch self {
        case .emailTaken: .conflict
        case .notFound: .notFound
        case .invalid: .invalid
        case .linkInvalid: .invalid
        case .tooManyAttempts(let seconds): .rateLimited(retryAfterSeconds: seconds)
        case .invalidCredentials, .invalidToken: .unauthenticated
        }
    }

    public var messageKey: String {
        switch self {
        case .emailTaken: msgid("An account with this e-mail address already exists.")
        case .notFound: msgid("There is no such account.")
        case .invalid(let failure): failure.messageKey
        case .linkInvalid: msgid("This link has expired or has already been used. Ask for a new one.")
        case .invalidCredentials: msgid("The e-mail address or the password is not right. Check both and try again.")
        case .invalidToken: msgid("Your sign-in has expired or was ended. Please sign in again.")
        case .tooManyAttempts: msgid("There have been too many attempts. For your safety, please wait a few minutes and try again. You can still reset your password.")
        }
    }
}
