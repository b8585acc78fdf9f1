import Audit
import Core
import FluentKit
import Foundation

extension Accounts {
    /// Asks the signed-in person to prove it is them before a sensitive change: the current
    /// password, and a code when two-step sign-in is on. Failures count towards lockout.
    func reauthenticate(_ signedIn: SignedIn, password: String, code: String?, origin: AuditOrigin,
                        on database: any Database, now: Date) async throws {
        let user = signedIn.user
        guard try await checkPassword(password, of: user, origin: origin, on: database, now: now) else {
            throw AccountError.invalid(ValidationFailure(["current_password": msgid("The password is not right.")]))
        }
        if try await hasTwoFactor(user.requireID(), on: database) {
            guard let code, try await checkSignInCode(user, code: code, origin: origin, on: database, now: now) else {
                throw AccountError.invalid(ValidationFailure(["code": msgid("That code is not right. Enter the six digits your app shows now.")]))
            }
        }
    }
}
