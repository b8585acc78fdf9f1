import Markup
import Vapor

extension Response {
    /// A response carrying a rendered page.
    public static func html(_ node: some Node, status: HTTPResponseStatus = .ok) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .html
        return Response(status: status, headers: headers, body: .init(string: node.render()))
    }

    /// Marks this response as the same for every visitor, cacheable by browsers and CDNs for `maxAge` seconds.
    ///
    /// Caching is opt-in: anything not marked is sent `no-store`, and App strips `Set-Cookie` from
    /// every public response so one visitor's cookie can never be cached for another.
    public func markPublic(maxAge: Int) {
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=\(maxAge)")
    }
}
