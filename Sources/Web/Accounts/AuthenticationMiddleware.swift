import Accounts
import Fluent
import Foundation
import HTTPSupport
import Vapor

/// Finds who is signed in: the web session names an account session, which must still be live.
/// One that has ended or timed out is forgotten, and the visitor is anonymous again.
public struct AuthenticationMiddleware: AsyncMiddleware {
    static let sessionKey = "account_session"

    public init() {}

    public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let session = request.existingWebSession, let raw = session[Self.sessionKey] {
            if let id = UUID(uuidString: raw), let signedIn = try await request.application.accounts.sessions.resume(id, touch: !request.isPassive, on: request.db) {
                request.signedIn = signedIn
            } else {
                session[Self.sessionKey] = nil
            }
        }
        return try await next.respond(to: request)
    }
}

extension Request {
    private struct SignedInKey: StorageKey { typealias Value = SignedIn }

    /// The signed-in account, or nil for an anonymous visitor.
    public internal(set) var signedIn: SignedIn? {
        get { storage[SignedInKey.self] }
        set { storage[SignedInKey.self] = newValue }
    }

    /// Makes `signedIn` this browser's account: a new session id, the account session stored in it.
    func beginSignedInSession(_ signedIn: SignedIn) {
        let session = webSession()
        session.rotate()
        session[AuthenticationMiddleware.sessionKey] = signedIn.session.id?.uuidString
        self.signedIn = signedIn
    }
}
