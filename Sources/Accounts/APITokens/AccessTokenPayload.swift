import Foundation
import JWTKit

/// The claims of an API access token. Short-lived (15 minutes); `fam` names the token family,
/// which is checked on every request so a revoked family stops working at once.
public struct AccessTokenPayload: JWTPayload, Equatable {
    public static let audience = "healthconnect-api"
    public static let lifetime: TimeInterval = 15 * 60

    public var sub: SubjectClaim
    public var aud: AudienceClaim
    public var iat: IssuedAtClaim
    public var exp: ExpirationClaim
    public var jti: IDClaim
    public var fam: String
    public var role: String
    public var mfa: Bool

    public func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
        try aud.verifyIntendedAudience(includes: Self.audience)
    }
}
