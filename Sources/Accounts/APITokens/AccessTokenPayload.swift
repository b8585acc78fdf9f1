import Foundation
import JWTKit

/// The claims of an API access token. Short-lived (15 minutes); `fam` names the token family,
/// which is checked on every request so a revoked family stops working at once.
public struct AccessTokenPayload: JWTPayload, Equatable {
    public static let audience = "healthconnect-api"
    public static let lifetime: TimeInterval = 15 * 60
    /// How far the clocks of two instances may disagree before a fresh token looks issued in the future.
    public static let leeway: TimeInterval = 30

    public var iss: IssuerClaim
    public var sub: SubjectClaim
    public var aud: AudienceClaim
    public var iat: IssuedAtClaim
    public var nbf: NotBeforeClaim
    public var exp: ExpirationClaim
    public var jti: IDClaim
    public var fam: String
    public var role: String
    public var mfa: Bool

    public func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
        try aud.verifyIntendedAudience(includes: Self.audience)
    }

    /// The checks against our own clock and issuer, which jwt-kit's wall-clock `verify` cannot make.
    func isValid(issuer: String, at now: Date) -> Bool {
        iss.value == issuer && exp.value > now
            && nbf.value <= now.addingTimeInterval(Self.leeway) && iat.value <= now.addingTimeInterval(Self.leeway)
    }
}
