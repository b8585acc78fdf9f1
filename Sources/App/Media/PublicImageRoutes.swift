import Foundation
import Media
import Vapor

/// `/images/<name>`: public renditions, by their content-hashed names. Cached for a bounded time
/// only, so a withdrawn photo leaves every cache that was not purged within `maxAge`; a withdrawn
/// one answers 410 Gone, which tells caches and crawlers it will not come back.
struct PublicImageRoutes: RouteCollection {
    let maxAge: Int

    func boot(routes: any RoutesBuilder) throws {
        routes.get("images", ":name", use: serve)
    }

    @Sendable
    func serve(req: Request) async throws -> Response {
        let name = req.parameters.get("name") ?? ""
        switch try await req.application.mediaLibrary.publicRendition(named: name, on: req.db) {
        case .notFound:
            throw Abort(.notFound)
        case .gone:
            throw Abort(.gone)
        case .serve(let storageKey, let contentType, let byteCount):
            guard let key = ObjectKey(storageKey) else { throw Abort(.notFound) }
            let chunks: AsyncThrowingStream<ByteBuffer, any Error>
            do {
                chunks = try await req.application.uploads.storage.get(key)
            } catch let error as StorageError where error.kind == .notFound {
                // Its deletion ran before its row was marked: as withdrawn as it gets.
                throw Abort(.gone)
            }
            let body = Response.Body(asyncStream: { writer in
                do {
                    for try await chunk in chunks { try await writer.write(.buffer(chunk)) }
                    try await writer.write(.end)
                } catch {
                    try await writer.write(.error(error))
                }
            }, count: Int(byteCount))
            let response = Response(status: .ok, body: body)
            response.headers.replaceOrAdd(name: .contentType, value: contentType)
            response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=\(maxAge)")
            response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
            return response
        }
    }
}
