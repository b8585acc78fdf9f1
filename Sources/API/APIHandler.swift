import Accounts
import Audit
import Core
import Fluent
import Foundation
import HTTPSupport
import OpenAPIRuntime
import Vapor

/// The operations of openapi.yaml. Each is a thin face over the domain: it reads the typed input,
/// calls Accounts, and maps the answer; failures are thrown as domain errors and become problem
/// documents in App's error middleware.
struct APIHandler: APIProtocol {
    func createToken(_ input: Operations.CreateToken.Input) async throws -> Operations.CreateToken.Output {
        let req = try APIRequestContext.current()
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let accounts = req.application.accounts
        let pair: TokenPair
        switch body {
        case .password(let grant):
            guard !grant.email.isEmpty, !grant.password.isEmpty else {
                throw AccountError.invalid(ValidationFailure(["email": msgid("Enter your e-mail address and password.")]))
            }
            pair = try await accounts.issueTokens(email: grant.email, password: grant.password, code: grant.totpCode,
                                                  origin: req.auditOrigin, on: req.db)
        case .refreshToken(let grant):
            pair = try await accounts.refreshTokens(grant.refreshToken, origin: req.auditOrigin, on: req.db)
        }
        return .ok(.init(headers: .init(cacheControl: "no-store"), body: .json(.init(
            accessToken: pair.accessToken, tokenType: .bearer, expiresIn: pair.expiresIn, refreshToken: pair.refreshToken
        ))))
    }

    func revokeToken(_ input: Operations.RevokeToken.Input) async throws -> Operations.RevokeToken.Output {
        let req = try APIRequestContext.current()
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        try await req.application.accounts.revokeTokens(body.token, origin: req.auditOrigin, on: req.db)
        return .noContent(.init())
    }

    func getCurrentAccount(_ input: Operations.GetCurrentAccount.Input) async throws -> Operations.GetCurrentAccount.Output {
        let req = try APIRequestContext.current()
        let principal = try await req.apiPrincipal()
        let accounts = req.application.accounts
        let user = principal.user
        let id = try user.requireID()
        try await accounts.authorize(principal.accessActor, .read, .account(userID: id), origin: req.auditOrigin, on: req.db)
        return .ok(.init(body: .json(.init(
            id: id.uuidString.lowercased(), email: user.email, firstName: user.firstName, lastName: user.lastName,
            role: .init(rawValue: user.role) ?? .patient, locale: .init(rawValue: user.locale) ?? .en,
            twoFactor: try await accounts.hasTwoFactor(id, on: req.db)
        ))))
    }
}

extension Request {
    /// The account of the request's bearer token, or 401.
    func apiPrincipal() async throws -> APIPrincipal {
        guard let authorization = headers.first(name: .authorization), authorization.count < 4096,
              authorization.lowercased().hasPrefix("bearer ") else {
            throw AccountError.invalidToken
        }
        let token = String(authorization.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
        return try await application.accounts.authenticate(accessToken: token, on: db)
    }
}
