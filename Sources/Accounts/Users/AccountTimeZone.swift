import Audit
import Core
import FluentKit
import Foundation

/// The IANA time zone an account lives in (`Asia/Riyadh`): appointments, waiting times and the
/// patient's local time are shown in it. Guessed from the browser at sign-up, changed on the
/// account page; anything that is not a known IANA name falls back to UTC at sign-up and is
/// refused on the account page.
public enum AccountTimeZone {
    public static let fallback = "UTC"

    /// Every IANA name this system knows, sorted, `UTC` included.
    public static let known: [String] = {
        var names = Set(TimeZone.knownTimeZoneIdentifiers.filter { $0.contains("/") })
        names.insert(fallback)
        return names.sorted()
    }()

    private static let knownSet = Set(known)

    /// `name` when it is a known IANA time zone, else nil.
    public static func validated(_ name: String?) -> String? {
        guard let name = name?.trimmingCharacters(in: .whitespaces), name.utf8.count <= 64, knownSet.contains(name) else { return nil }
        return name
    }
}

extension Accounts {
    /// Moves the signed-in account to time zone `name`; refuses a name that is not IANA's.
    public func changeTimeZone(for signedIn: SignedIn, to name: String, origin: AuditOrigin = .none,
                               on database: any Database, now: Date = Date()) async throws {
        guard let zone = AccountTimeZone.validated(name) else {
            throw AccountError.invalid(ValidationFailure(["time_zone": msgid("Choose your time zone from the list.")]))
        }
        try await database.writeTransaction { tx in
            try await UserRecord.query(on: tx).filter(\.$id == signedIn.userID)
                .set(\.$timeZone, to: zone).set(\.$updatedAt, to: now).update()
            try await audit.append(AuditEvent(
                actor: signedIn.actor, action: "account.time_zone", resource: AuditResource(type: "user", id: signedIn.userID.uuidString.lowercased()),
                origin: origin, detail: ["time_zone": .string(zone)]
            ), on: tx, at: now)
        }
    }
}
