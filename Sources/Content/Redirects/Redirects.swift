import Core
import FluentKit
import Foundation

public enum RedirectError: DomainError, Equatable {
    case loop
    case otherLocale

    public var kind: ErrorKind { .conflict }

    public var messageKey: String {
        switch self {
        case .loop: msgid("This redirect would lead back to where it starts.")
        case .otherLocale: msgid("A redirect stays within one language's site.")
        }
    }
}

/// Old paths and where they went, per locale. Chains are collapsed as they are made (A→B, then
/// B→C, gives A→C and B→C), so answering one is one lookup; a redirect that would lead back to
/// its own start is refused.
public enum Redirects {
    /// Records that `old` now answers with `new` (nil: gone, 410). Redirects that led to `old`
    /// now lead where it leads; a redirect from the destination goes, since something lives there.
    @discardableResult
    public static func add(from old: String, to new: String?, locale: SiteLocale, by user: UUID?, on database: any Database,
                           now: Date = Date()) async throws -> RedirectRecord {
        let prefix = "/\(locale.rawValue)/"
        guard old.hasPrefix(prefix), new.map({ $0.hasPrefix(prefix) }) ?? true else { throw RedirectError.otherLocale }
        return try await database.writeTransaction { db in
            // Where `new` itself leads, since no redirect may point at a redirect.
            var target = new
            if let new, let onward = try await RedirectRecord.query(on: db).filter(\.$oldPath == new).first() {
                target = onward.newPath
            }
            guard target != old else { throw RedirectError.loop }
            try await RedirectRecord.query(on: db).filter(\.$newPath == old).set(\.$newPath, to: target).update()
            try await RedirectRecord.query(on: db).filter(\.$oldPath == old).delete()
            let redirect = RedirectRecord()
            redirect.id = UUID()
            redirect.locale = locale
            redirect.oldPath = old
            redirect.newPath = target
            redirect.createdBy = user
            redirect.createdAt = now
            try await redirect.create(on: db)
            return redirect
        }
    }

    /// The redirect answering `path`, if any.
    public static func resolve(_ path: String, on database: any Database) async throws -> RedirectRecord? {
        try await RedirectRecord.query(on: database).filter(\.$oldPath == path).first()
    }

    /// A page now lives at `path`: a redirect from there would hide it, and goes.
    static func pageArrived(at path: String, on database: any Database) async throws {
        try await RedirectRecord.query(on: database).filter(\.$oldPath == path).delete()
    }
}
