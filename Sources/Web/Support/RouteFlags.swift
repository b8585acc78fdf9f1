import Vapor

/// What a route tells the HTML middleware about itself.
extension Route {
    private static let passiveKey = "hc.passive"
    private static let checksCSRFItselfKey = "hc.csrf-in-stream"

    /// A request the page makes on its own (polling a scan's state), not something the person did:
    /// it never keeps a session alive past its idle timeout.
    var isPassive: Bool {
        get { userInfo[Self.passiveKey] as? Bool ?? false }
        set { userInfo[Self.passiveKey] = newValue }
    }

    /// A streamed form whose route checks the CSRF token itself (from the header or the first
    /// fields), because the middleware cannot read a body that must not be collected.
    var checksCSRFItself: Bool {
        get { userInfo[Self.checksCSRFItselfKey] as? Bool ?? false }
        set { userInfo[Self.checksCSRFItselfKey] = newValue }
    }

    /// Marks the route passive.
    @discardableResult
    func passive() -> Route {
        isPassive = true
        return self
    }
}

extension Request {
    var isPassive: Bool { route?.isPassive ?? false }
}
