import Synchronization

/// The server-side session of one visitor during one request. Changes are written back once,
/// after the response is ready, and only if something changed.
public final class WebSession: Sendable {
    private struct State {
        var data: [String: String]
        var isDirty = false
        var isInvalidated = false
        var needsNewID = false
    }

    private let state: Mutex<State>

    init(data: [String: String]) {
        self.state = Mutex(State(data: data))
    }

    /// A value of the session; setting one marks the session for saving.
    public subscript(key: String) -> String? {
        get { state.withLock { $0.data[key] } }
        set {
            state.withLock {
                guard $0.data[key] != newValue else { return }
                $0.data[key] = newValue
                $0.isDirty = true
            }
        }
    }

    /// Ends the session: it is deleted and the cookie expired when the response goes out.
    public func invalidate() {
        state.withLock { $0.isInvalidated = true }
    }

    /// Keeps the values but moves them to a new id (and cookie) when the response goes out, and
    /// drops the CSRF token. Called when privilege changes (sign-in), so an id someone planted or
    /// saw before is worth nothing after.
    public func rotate() {
        state.withLock {
            $0.needsNewID = true
            $0.isDirty = true
            $0.data[CSRFMiddleware.sessionKey] = nil
        }
    }

    var snapshot: (data: [String: String], isDirty: Bool, isInvalidated: Bool, needsNewID: Bool) {
        state.withLock { ($0.data, $0.isDirty, $0.isInvalidated, $0.needsNewID) }
    }
}
