import Core
import Foundation
import Vapor

/// Loads the visitor's session from the store and writes it back after the response.
///
/// Sessions are lazy: a visitor who never needs one (reading public pages) gets no row and no
/// `Set-Cookie`. A cookie that names no live session is expired, not answered with a new session.
public struct SessionMiddleware: AsyncMiddleware {
    let store: any SessionStore
    let configuration: SessionConfiguration

    public init(store: any SessionStore, configuration: SessionConfiguration) {
        self.store = store
        self.configuration = configuration
    }

    public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let cookie = request.cookies[configuration.cookieName]?.string
        let box = SessionBox()
        if let cookie, SecureToken.isWellFormed(cookie) {
            let hash = SecureToken.hash(cookie)
            if let stored = try await store.load(idHash: hash, on: request) {
                if stored.expiresAt > Date() {
                    box.existing = (hash, stored.expiresAt, WebSession(data: stored.data))
                } else {
                    try await store.delete(idHash: hash, on: request)
                }
            }
        }
        request.sessionBox = box

        let response = try await next.respond(to: request)
        try await writeBack(box, hadCookie: cookie != nil, response: response, request: request)
        return response
    }

    private func writeBack(_ box: SessionBox, hadCookie: Bool, response: Response, request: Request) async throws {
        let now = Date()
        let deadline = now.addingTimeInterval(configuration.idleTimeout)
        if let (hash, expiresAt, session) = box.existing {
            let state = session.snapshot
            if state.isInvalidated {
                try await store.delete(idHash: hash, on: request)
                response.cookies[configuration.cookieName] = expiredCookie()
            } else if state.needsNewID {
                try await store.delete(idHash: hash, on: request)
                let token = SecureToken.generate()
                try await store.insert(idHash: SecureToken.hash(token), StoredSession(data: state.data, expiresAt: deadline), on: request)
                response.cookies[configuration.cookieName] = cookie(token)
            } else if state.isDirty || (!request.isPassive && expiresAt.timeIntervalSince(now) < configuration.idleTimeout - configuration.refreshInterval) {
                try await store.update(idHash: hash, StoredSession(data: state.data, expiresAt: deadline), on: request)
            }
        } else if let session = box.created {
            let state = session.snapshot
            guard state.isDirty, !state.isInvalidated else { return }
            let token = SecureToken.generate()
            try await store.insert(idHash: SecureToken.hash(token), StoredSession(data: state.data, expiresAt: deadline), on: request)
            response.cookies[configuration.cookieName] = cookie(token)
        } else if hadCookie {
            response.cookies[configuration.cookieName] = expiredCookie()
        }
    }

    private func cookie(_ value: String) -> HTTPCookies.Value {
        HTTPCookies.Value(string: value, path: "/", isSecure: configuration.isSecure, isHTTPOnly: true, sameSite: .lax)
    }

    private func expiredCookie() -> HTTPCookies.Value {
        HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/",
                          isSecure: configuration.isSecure, isHTTPOnly: true, sameSite: .lax)
    }
}

/// The session state of one request, shared between the middleware and route code.
final class SessionBox: @unchecked Sendable {
    // Touched only by the request's own task: the middleware before and after the route, the route in between.
    var existing: (hash: String, expiresAt: Date, session: WebSession)?
    var created: WebSession?
}

extension Request {
    private struct SessionBoxKey: StorageKey { typealias Value = SessionBox }

    var sessionBox: SessionBox? {
        get { storage[SessionBoxKey.self] }
        set { storage[SessionBoxKey.self] = newValue }
    }

    /// The visitor's session if they already have one; never creates one.
    public var existingWebSession: WebSession? {
        sessionBox?.existing?.session ?? sessionBox?.created
    }

    /// The visitor's session, started now if needed (it is saved only if something is stored in it).
    /// Only routes behind `SessionMiddleware` may call this.
    public func webSession() -> WebSession {
        guard let box = sessionBox else {
            preconditionFailure("webSession() needs SessionMiddleware on this route")
        }
        if let session = box.existing?.session ?? box.created { return session }
        let session = WebSession(data: [:])
        box.created = session
        return session
    }
}
