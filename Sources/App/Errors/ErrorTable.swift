import AsyncKit
import Core
import OpenAPIRuntime
import Vapor

/// The one table from a failure to an HTTP answer: status, headline, explanation.
/// Domain errors arrive by kind; Vapor's own errors (routing, body limits, decoding) by status.
struct ErrorDescription: Sendable {
    var status: HTTPResponseStatus
    /// English msgid of the headline.
    var titleKey: String
    /// English msgid of the explanation.
    var messageKey: String
    var headers: HTTPHeaders = [:]
    var fieldMessages: [String: String] = [:]
}

enum ErrorTable {
    static func describe(_ error: any Error) -> ErrorDescription {
        // The API's generated layer wraps what a handler throws, and its own decoding failures.
        if let server = error as? ServerError {
            let underlying = server.underlyingError
            let status = HTTPResponseStatus(statusCode: Int(server.httpStatus.code))
            // The layer's own refusals (a body or parameter it cannot decode) carry a 4xx; what a
            // handler threw carries 500 and is described as itself, never as the client's mistake.
            if (400..<500).contains(status.code), !(underlying is any DomainError || underlying is ValidationFailure || underlying is any AbortError) {
                return forStatus(status)
            }
            return describe(underlying)
        }
        if error is ConnectionPoolTimeoutError {
            // Every database connection stayed busy for the pool's whole timeout: overload, not a fault.
            var description = forKind(.unavailable, messageKey: msgid("We are very busy at this moment. Please try again in a minute."))
            description.headers = ["Retry-After": "10"]
            return description
        }
        if let failure = error as? ValidationFailure {
            var description = forKind(failure.kind, messageKey: failure.messageKey)
            description.fieldMessages = failure.fields
            return description
        }
        if let domain = error as? any DomainError {
            return forKind(domain.kind, messageKey: domain.messageKey)
        }
        if let abort = error as? any AbortError {
            var description = forStatus(abort.status)
            description.headers = abort.headers
            return description
        }
        if error is DecodingError {
            return forStatus(.badRequest)
        }
        return forStatus(.internalServerError)
    }

    static func forKind(_ kind: ErrorKind, messageKey: String) -> ErrorDescription {
        switch kind {
        case .invalid:
            return ErrorDescription(status: .unprocessableEntity, titleKey: msgid("Please check what you entered"), messageKey: messageKey)
        case .notFound:
            return ErrorDescription(status: .notFound, titleKey: msgid("Page not found"), messageKey: messageKey)
        case .unauthenticated:
            return ErrorDescription(status: .unauthorized, titleKey: msgid("Please sign in"), messageKey: messageKey)
        case .forbidden:
            return ErrorDescription(status: .forbidden, titleKey: msgid("You cannot do this"), messageKey: messageKey)
        case .conflict:
            return ErrorDescription(status: .conflict, titleKey: msgid("This has changed in the meantime"), messageKey: messageKey)
        case .tooLarge:
            return ErrorDescription(status: .payloadTooLarge, titleKey: msgid("This is too large"), messageKey: messageKey)
        case .unsupportedMediaType:
            return ErrorDescription(status: .unsupportedMediaType, titleKey: msgid("This type of content is not accepted"), messageKey: messageKey)
        case .rateLimited(let seconds):
            return ErrorDescription(status: .tooManyRequests, titleKey: msgid("Too many attempts"), messageKey: messageKey,
                                    headers: ["Retry-After": String(max(1, seconds))])
        case .unavailable:
            return ErrorDescription(status: .serviceUnavailable, titleKey: msgid("Temporarily unavailable"), messageKey: messageKey)
        }
    }

    static func forStatus(_ status: HTTPResponseStatus) -> ErrorDescription {
        switch status.code {
        case 400:
            return ErrorDescription(status: status, titleKey: msgid("The request could not be understood"),
                                    messageKey: msgid("Something in the request was malformed. Please go back and try again."))
        case 404:
            return ErrorDescription(status: status, titleKey: msgid("Page not found"),
                                    messageKey: msgid("The page you asked for does not exist or has moved."))
        case 405:
            return ErrorDescription(status: status, titleKey: msgid("This action is not possible here"),
                                    messageKey: msgid("This address does not accept that kind of request."))
        case 410:
            return ErrorDescription(status: status, titleKey: msgid("No longer available"),
                                    messageKey: msgid("What was here has been withdrawn and will not come back."))
        case 413:
            return forKind(.tooLarge, messageKey: msgid("What you sent is larger than this form accepts."))
        case 415:
            return forKind(.unsupportedMediaType, messageKey: msgid("What you sent is in a format this address does not accept."))
        case 422:
            return forKind(.invalid, messageKey: msgid("Some of the information you entered needs correcting."))
        case 429:
            return forKind(.rateLimited(retryAfterSeconds: 60), messageKey: msgid("You have tried too often. Please wait a moment and try again."))
        case 400..<500:
            return ErrorDescription(status: status, titleKey: msgid("The request could not be completed"),
                                    messageKey: msgid("Please go back and try again."))
        default:
            return ErrorDescription(status: .internalServerError, titleKey: msgid("Something went wrong on our side"),
                                    messageKey: msgid("Please try again in a few minutes. If it keeps happening, tell us the reference below."))
        }
    }
}
