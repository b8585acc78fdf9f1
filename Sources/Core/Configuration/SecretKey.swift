import Crypto
import Foundation

/// The root secret of the installation. Purposes (sessions, CSRF, signed URLs) derive their own keys
/// from it with HKDF, so one leaked purpose key does not expose the others.
public struct SecretKey: Sendable, CustomStringConvertible {
    // Data rather than SymmetricKey: SymmetricKey is not Sendable.
    private let material: Data
    /// True for the fixed key used when none is configured, which production refuses.
    public let isDevelopmentDefault: Bool

    /// The shortest secret accepted, in bytes of UTF-8.
    public static let minimumLength = 32

    /// Accepts an operator's secret of at least 32 bytes.
    public init(parsing raw: String) throws(ConfigurationError) {
        guard raw.utf8.count >= Self.minimumLength else {
            throw ConfigurationError("HC_SECRET_KEY", "is too short: use at least \(Self.minimumLength) random characters")
        }
        self.material = Data(raw.utf8)
        self.isDevelopmentDefault = false
    }

    private init(developmentMaterial: String) {
        self.material = Data(developmentMaterial.utf8)
        self.isDevelopmentDefault = true
    }

    /// A fixed, publicly known key so that development works without setup. Never for production.
    public static let development = SecretKey(developmentMaterial: "health-connect-development-key-not-for-production")

    /// A key for one purpose, derived with HKDF-SHA256 so purposes never share key material.
    public func derivedKey(for purpose: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: material),
            salt: Data("health-connect".utf8),
            info: Data(purpose.utf8),
            outputByteCount: 32
        )
    }

    /// Never prints the secret.
    public var description: String { isDevelopmentDefault ? "SecretKey(development)" : "SecretKey(***)" }
}
