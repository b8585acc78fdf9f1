import Accounts
import Foundation
import HTTPSupport
import OpenAPIVapor
import Vapor

extension Application {
    /// Mounts the API under `/api/v1`, its contract at `/api/openapi.yaml`, and the token
    /// signing keys at `/.well-known/jwks.json`. No sessions or CSRF here: the API reads no cookies.
    public func registerAPI() throws {
        let transport = VaporTransport(routesBuilder: grouped(APIRequestContextMiddleware()))
        try APIHandler().registerHandlers(on: transport, serverURL: try API.Servers.Server1.url())

        let contract = directory.workingDirectory + "openapi.yaml"
        get("api", "openapi.yaml") { req async throws -> Response in
            let response = try await req.fileio.asyncStreamFile(at: contract)
            response.headers.contentType = HTTPMediaType(type: "application", subType: "yaml")
            return response
        }
        get(".well-known", "jwks.json") { req async throws -> Response in
            let json = try await req.application.accounts.jwks(on: req.db)
            var headers = HTTPHeaders()
            headers.contentType = HTTPMediaType(type: "application", subType: "jwk-set+json")
            // Clients cache the key set briefly; a new key shows up within a minute.
            headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=60")
            return Response(status: .ok, headers: headers, body: .init(string: json))
        }
    }
}
