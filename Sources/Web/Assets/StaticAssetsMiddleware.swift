import Vapor

/// Serves `/static/<name>.<hash>.<ext>` from the asset manifest with a one-year immutable lifetime.
/// Only names in the manifest are served, so no request can reach a file outside `Public/`.
public struct StaticAssetsMiddleware: AsyncMiddleware {
    public init() {}

    public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let path = request.url.path
        guard request.method == .GET || request.method == .HEAD, path.hasPrefix(AssetManifest.prefix),
              let source = request.webContext.assets.source(forPublished: String(path.dropFirst(AssetManifest.prefix.count)))
        else {
            return try await next.respond(to: request)
        }
        let response: Response
        switch source {
        case .file(let file):
            response = try await request.fileio.asyncStreamFile(at: file)
        case .memory(let data, let contentType):
            response = Response(status: .ok, body: .init(data: data))
            response.headers.replaceOrAdd(name: .contentType, value: contentType)
        }
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=31536000, immutable")
        return response
    }
}
