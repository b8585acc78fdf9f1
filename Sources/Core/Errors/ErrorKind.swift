/// The kinds of failure a domain function can report; App maps each to one HTTP status in one table.
public enum ErrorKind: Sendable, Equatable {
    case invalid
    case notFound
    case unauthenticated
    case forbidden
    case conflict
    case tooLarge
    case unsupportedMediaType
    /// Too many attempts; try again after this many seconds.
    case rateLimited(retryAfterSeconds: Int)
    case unavailable
}

/// The protocol every domain module's error enum conforms to.
///
/// `messageKey` is an English msgid looked up in the UI catalogs, so the same failure reads
/// in the user's language on an HTML page and in the `detail` of a problem+json body.
public protocol DomainError: Error, Sendable {
    var kind: ErrorKind { get }
    var messageKey: String { get }
}
