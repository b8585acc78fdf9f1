import Core
import Foundation

/// Why a change to a page was refused.
public enum ContentError: DomainError, Equatable {
    case notFound
    case unknownType
    /// This type of page cannot stand there (an article outside the articles, a second home page).
    case notAllowedHere
    /// Another editor holds the page's lock; `holder` is their name, for the message beside it.
    case locked(holder: String)
    /// The editor worked on an older revision than the latest: saving would undo someone's work.
    case staleRevision
    /// A schedule in the past, or an expiry before the publication.
    case scheduleInvalid
    /// Not a translation, or its source page is gone.
    case noSource
    /// A translation into this locale exists already.
    case translationExists

    public var kind: ErrorKind {
        switch self {
        case .notFound, .noSource: .notFound
        case .unknownType, .scheduleInvalid: .invalid
        case .notAllowedHere, .locked, .staleRevision, .translationExists: .conflict
        }
    }

    public var messageKey: String {
        switch self {
        case .notFound: msgid("This page does not exist, or it was deleted.")
        case .unknownType: msgid("This kind of page does not exist.")
        case .notAllowedHere: msgid("This kind of page cannot be placed here.")
        case .locked: msgid("Another editor is working on this page. It opens for changes when they finish or their lock expires.")
        case .staleRevision: msgid("This page was changed after you opened it. Open it again to see the changes, then make yours.")
        case .scheduleInvalid: msgid("Choose a time in the future, with the end after the start.")
        case .noSource: msgid("This page is not a translation of another page.")
        case .translationExists: msgid("This page already has a translation in that language.")
        }
    }
}
