import Vapor
import VaporTesting

extension TestingHTTPResponse {
    /// The body as UTF-8 text.
    public var text: String { body.getString(at: body.readerIndex, length: body.readableBytes) ?? "" }

    /// The value of `name` in `Set-Cookie`, if this response sets it.
    public func setCookie(named name: String) -> String? {
        headers[.setCookie].first { $0.hasPrefix(name + "=") }
    }
}

extension HTTPHeaders {
    /// Headers for a form post.
    public static func form(cookie: String? = nil) -> HTTPHeaders {
        var headers: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded"]
        if let cookie { headers.add(name: .cookie, value: cookie) }
        return headers
    }
}
