import Core
import Foundation
import HTTPSupport
import Metrics
import Vapor
import Web

/// The one place where a thrown error becomes a response: a friendly HTML page in the visitor's
/// language, or RFC 9457 problem+json under `/api/`. Unexpected errors are logged with the
/// request id and shown as a generic 500 that reveals nothing of the internals.
struct ErrorResponseMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            return render(error, for: request)
        }
    }

    func render(_ error: any Error, for request: Request) -> Response {
        guard request.application.hasWebContext else {
            // The application is shutting down: no catalogs to render a page with any more.
            request.logger.warning("request failed during shutdown", metadata: ["error": .string(ErrorLogDescription.describe(error))])
            return Response(status: .serviceUnavailable, headers: ["Content-Type": "text/plain; charset=utf-8"], body: .init(string: "shutting down\n"))
        }
        var description = ErrorTable.describe(error)
        if error is RouteNotFound, let allowed = request.application.routeMethodIndex?.allowedMethods(forPath: request.url.path),
           !allowed.isEmpty {
            description = ErrorTable.forStatus(.methodNotAllowed)
            description.headers.replaceOrAdd(name: .allow, value: allowed.joined(separator: ", "))
        }
        if description.status.code >= 500 {
            request.logger.error("unhandled error", metadata: ["error": .string(ErrorLogDescription.describe(error))])
        } else {
            request.logger.debug("request failed", metadata: ["status": .stringConvertible(description.status.code)])
        }
        Counter(label: "hc_error_responses_total", dimensions: [("status", String(description.status.code))]).increment()

        let locale = request.preferredLocale
        let localizer = request.localizer(locale)
        let response: Response
        if request.url.path == "/api" || request.url.path.hasPrefix("/api/") {
            response = problemResponse(description, localizer: localizer, request: request)
        } else {
            response = htmlResponse(description, localizer: localizer, request: request)
        }
        for (name, value) in description.headers where name.lowercased() != "content-type" && name.lowercased() != "content-length" {
            response.headers.replaceOrAdd(name: name, value: value)
        }
        if description.status == .unauthorized, let challenge = Self.bearerChallenge(for: request) {
            response.headers.replaceOrAdd(name: .wwwAuthenticate, value: challenge)
        }
        return response
    }

    /// RFC 6750 §3: a 401 from an operation that takes an access token names the scheme, and says
    /// when the token sent was the problem. The sign-in endpoints take none, so they say nothing.
    static func bearerChallenge(for request: Request) -> String? {
        let path = request.url.path
        guard path.hasPrefix("/api/v1/"), !path.hasPrefix("/api/v1/auth/") else { return nil }
        return request.headers.first(name: .authorization) == nil ? "Bearer" : #"Bearer error="invalid_token""#
    }

    private func htmlResponse(_ description: ErrorDescription, localizer: Localizer, request: Request) -> Response {
        var homes: [SiteLocale: String] = [:]
        for locale in SiteLocale.allCases { homes[locale] = "/\(locale.rawValue)/" }
        let chrome = PageChrome(localizer: localizer, context: request.webContext, alternates: homes, indexable: false,
                                menu: request.siteMenu(for: localizer.locale))
        let page = ErrorPage(
            chrome: chrome,
            titleKey: description.titleKey, messageKey: description.messageKey,
            fieldMessages: description.fieldMessages, requestID: request.requestID
        )
        return Response.html(page, status: description.status)
    }

    private func problemResponse(_ description: ErrorDescription, localizer: Localizer, request: Request) -> Response {
        let problem = ProblemDetails(
            title: description.titleKey,
            status: Int(description.status.code),
            detail: localizer.t(description.messageKey),
            instance: request.url.path,
            requestID: request.requestID,
            errors: description.fieldMessages.isEmpty ? nil : description.fieldMessages.sorted { $0.key < $1.key }
                .map { ProblemDetails.FieldProblem(field: $0.key, detail: localizer.t($0.value)) }
        )
        let response = Response(status: description.status)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        response.body = .init(data: (try? encoder.encode(problem)) ?? Data("{}".utf8))
        response.headers.contentType = ProblemDetails.mediaType
        response.headers.replaceOrAdd(name: .contentLanguage, value: localizer.locale.languageTag)
        return response
    }
}
