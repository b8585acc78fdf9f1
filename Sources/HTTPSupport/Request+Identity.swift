import Audit
import Vapor

extension Request {
    private struct RequestIDKey: StorageKey { typealias Value = String }

    /// The id echoed in `X-Request-ID`, shown on error pages and attached to every log line.
    public var requestID: String {
        get { storage[RequestIDKey.self] ?? id }
        set { storage[RequestIDKey.self] = newValue }
    }

    /// Where a request came from, for audit events: the client address resolved through the
    /// trusted proxies, the user agent, and the request id shown on error pages.
    public var auditOrigin: AuditOrigin {
        AuditOrigin(clientIP: clientAddress?.description, userAgent: headers.first(name: .userAgent), requestID: requestID)
    }
}
