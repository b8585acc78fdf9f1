import Foundation
import Markup
import Vapor
import VaporTesting

/// A browser for walking the HTML flows in-process: it keeps the session cookie as a browser
/// would, remembers the CSRF token of the last page it loaded, and posts forms with it.
public final class TestBrowser: @unchecked Sendable {
    // Used by one test task at a time.
    /// The instance requests go to; a test of several instances moves the browser between them.
    public var app: Application
    public let userAgent: String
    /// `hc_session`, or `__Host-hc_session` when the app runs on an https:// base URL.
    public private(set) var cookieName = "hc_session"
    /// The session cookie's value, or nil before one is set and after it is expired.
    public private(set) var session: String?
    /// The CSRF token in the last page loaded.
    public private(set) var csrfToken: String?

    public init(_ app: Application, userAgent: String = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36") {
        self.app = app
        self.userAgent = userAgent
    }

    @discardableResult
    public func get(_ path: String) async throws -> TestingHTTPResponse {
        try await send(.GET, path, body: nil)
    }

    /// Posts `fields` as a form, with the CSRF token of the last page unless `csrf` is given.
    @discardableResult
    public func post(_ path: String, _ fields: [String: String], csrf: String? = nil) async throws -> TestingHTTPResponse {
        var all = fields
        if let token = csrf ?? csrfToken { all["csrf_token"] = token }
        let body = all.sorted { $0.key < $1.key }
            .map { PercentEncoding.queryValue($0.key) + "=" + PercentEncoding.queryValue($0.value) }
            .joined(separator: "&")
        return try await send(.POST, path, body: body)
    }

    /// Posts a `multipart/form-data` body as a browser's form with a file input would, the parts
    /// in the order given (a page's CSRF field comes first); `headers` are added as they are.
    @discardableResult
    public func postMultipart(_ path: String, _ body: MultipartBody, headers extra: [(String, String)] = []) async throws -> TestingHTTPResponse {
        let body = body.finished()
        return try await send(.POST, path, bytes: ByteBuffer(bytes: body.bytes), contentType: body.contentType, headers: extra)
    }

    /// A GET with extra headers (`Accept`, `X-Form-Token`).
    @discardableResult
    public func get(_ path: String, headers extra: [(String, String)]) async throws -> TestingHTTPResponse {
        try await send(.GET, path, bytes: nil, contentType: nil, headers: extra)
    }

    private func send(_ method: HTTPMethod, _ path: String, body: String?) async throws -> TestingHTTPResponse {
        try await send(method, path, bytes: body.map { ByteBuffer(string: $0) }, contentType: body == nil ? nil : "application/x-www-form-urlencoded",
                       headers: [])
    }

    private func send(_ method: HTTPMethod, _ path: String, bytes: ByteBuffer?, contentType: String?, headers extra: [(String, String)]) async throws
        -> TestingHTTPResponse {
        var headers: HTTPHeaders = ["User-Agent": userAgent]
        if let session { headers.add(name: .cookie, value: "\(cookieName)=\(session)") }
        if let contentType { headers.add(name: .contentType, value: contentType) }
        for (name, value) in extra { headers.add(name: name, value: value) }
        let response = try await app.testing().sendRequest(method, path, headers: headers, body: bytes)
        for name in ["hc_session", "__Host-hc_session"] {
            guard let set = response.headers[.setCookie].first(where: { $0.hasPrefix(name + "=") }) else { continue }
            let value = String(set.dropFirst(name.count + 1).prefix { $0 != ";" })
            cookieName = name
            session = value.isEmpty ? nil : value
        }
        if let token = Self.csrfToken(in: response.text) { csrfToken = token }
        return response
    }

    static func csrfToken(in html: String) -> String? {
        guard let range = html.range(of: "name=\"csrf_token\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }
}

extension TestingHTTPResponse {
    /// Where a redirect points.
    public var location: String? { headers.first(name: .location) }
}

/// A `multipart/form-data` body built part by part.
public struct MultipartBody: Sendable {
    public let boundary = "----hc-test-" + UUID().uuidString
    public private(set) var bytes: [UInt8] = []
    private var closed = false

    public init() {}

    public var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    public mutating func field(_ name: String, _ value: String) {
        bytes += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
    }

    /// A file part, its name escaped as browsers do (`"` as `%22`).
    public mutating func file(_ name: String, filename: String, _ content: [UInt8], type: String = "application/octet-stream") {
        let escaped = filename.replacingOccurrences(of: "\"", with: "%22")
        bytes += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(escaped)\"\r\nContent-Type: \(type)\r\n\r\n".utf8)
        bytes += content
        bytes += Array("\r\n".utf8)
    }

    /// The body with its closing boundary.
    public func finished() -> MultipartBody {
        var copy = self
        if !copy.closed {
            copy.bytes += Array("--\(boundary)--\r\n".utf8)
            copy.closed = true
        }
        return copy
    }
}
