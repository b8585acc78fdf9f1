import Core
import Vapor

extension Request {
    private struct ClientAddressKey: StorageKey { typealias Value = IPAddress }

    /// The client's address, resolved through the trusted proxies by App's request-context middleware.
    /// Rate limits and audit events use this, never the raw `X-Forwarded-For`.
    public var clientAddress: IPAddress? {
        get { storage[ClientAddressKey.self] }
        set { storage[ClientAddressKey.self] = newValue }
    }
}
