import Foundation
import Markup
import Media
import Vapor

/// `/media/<key>`: a stored object, for whoever holds a signed URL that has not expired (the local
/// storage's equivalent of a presigned S3 URL). Without a valid signature it is not found, as if
/// it did not exist; nothing here reads a session, since the check was made when the URL was issued.
struct MediaRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("media", "**", use: serve)
    }

    @Sendable
    func serve(req: Request) async throws -> Response {
        guard let storage = req.application.uploads.storage as? FileStorage else { throw Abort(.notFound) }
        let key = req.parameters.getCatchall().joined(separator: "/")
        let query = (try? req.query.decode([String: String].self)) ?? [:]
        guard let grant = storage.verify(key: key, query: query), let file = storage.file(for: grant.key) else {
            throw Abort(.notFound)
        }
        let response = try await req.fileio.asyncStreamFile(at: file)
        response.headers.replaceOrAdd(name: .contentType, value: grant.contentType)
        if let name = grant.filename {
            response.headers.replaceOrAdd(name: .contentDisposition, value: Self.attachment(name))
        }
        // Private to the one who holds the URL: no shared cache keeps it.
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return response
    }

    /// RFC 6266 with an RFC 5987 UTF-8 name, and an ASCII fallback for old clients.
    static func attachment(_ name: String) -> String {
        let ascii = String(name.unicodeScalars.map { $0.isASCII && $0 != "\"" && $0 != "\\" && $0.value >= 0x20 ? Character($0) : "_" })
        return "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(PercentEncoding.pathSegment(name))"
    }
}
