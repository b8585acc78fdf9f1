import Core

/// What can stop an inquiry, as domain errors the faces turn into pages and problem documents.
public enum InquiryError: DomainError, Equatable {
    case invalid(ValidationFailure)
    /// Sent seconds after the form was shown: faster than a person types.
    case tooFast
    /// Too many inquiries from this network or to this address; try again after this many seconds.
    case tooMany(retryAfter: Int)
    /// This form (or idempotency key) was already used to send something different.
    case keyReused
    /// The link from the confirmation mail is unknown, used or expired.
    case linkInvalid
    case notFound

    public var kind: ErrorKind {
        switch self {
        case .invalid: .invalid
        case .tooFast: .invalid
        case .tooMany(let seconds): .rateLimited(retryAfterSeconds: seconds)
        case .keyReused: .conflict
        case .linkInvalid: .invalid
        case .notFound: .notFound
        }
    }

    public var messageKey: String {
        switch self {
        case .invalid(let failure): failure.messageKey
        case .tooFast: msgid("That was very quick. Please check what you entered, then send the form again.")
        case .tooMany: msgid("We have received several inquiries from here in a short time. Please wait a little and try again, or write to us by e-mail.")
        case .keyReused: msgid("This form was already sent with different answers. To send another inquiry, open a new form.")
        case .linkInvalid: msgid("This link has expired or has already been used. Ask for a new one.")
        case .notFound: msgid("There is no such inquiry.")
        }
    }
}
