import Accounts
import Audit
import Core
import FluentKit
import Foundation

extension Pages {
    /// Who is editing a page now, if anyone.
    public struct PageLock: Sendable, Equatable {
        public let holder: UUID
        public let holderName: String
        public let since: Date
    }

    /// Takes the page's lock for the editor (or renews theirs). Another editor's fresh lock is
    /// refused with their name; a stale one is taken over.
    public func lock(_ pageID: UUID, by actor: AccessActor, origin: AuditOrigin, on database: any Database, now: Date = Date()) async throws {
        let user = try await authorize(actor, .write, .drafts, origin: origin, on: database)
        try await database.writeTransaction { db in
            let page = try await lockedPage(pageID, on: db)
            try await checkLock(page, for: user, on: db, now: now)
            let renewing = page.lockedBy == user
            page.lockedBy = user
            page.lockedAt = now
            try await page.update(on: db)
            if !renewing {
                try await audit.append(AuditEvent(actor: actor.auditActor, action: "page.lock", resource: Self.resource(pageID), origin: origin),
                                       on: db, at: now)
            }
        }
    }

    /// Gives the lock up. Its holder may, and an administrator may break anyone's.
    public func unlock(_ pageID: UUID, by actor: AccessActor, origin: AuditOrigin, on database: any Database, now: Date = Date()) async throws {
        let user = try await authorize(actor, .write, .drafts, origin: origin, on: database)
        try await database.writeTransaction { db in
            let page = try await lockedPage(pageID, on: db)
            guard let holder = page.lockedBy else { return }
            if holder != user, case .user(_, let role, _) = actor, role != .admin {
                try await checkLock(page, for: user, on: db, now: now)
            }
            page.lockedBy = nil
            page.lockedAt = nil
            try await page.update(on: db)
            try await audit.append(AuditEvent(actor: actor.auditActor, action: "page.unlock", resource: Self.resource(pageID), origin: origin,
                                              detail: ["holder": .string(holder.uuidString.lowercased())]), on: db, at: now)
        }
    }

    /// The page's lock, unless it is stale.
    public func currentLock(of page: PageRecord, on database: any Database, now: Date = Date()) async throws -> PageLock? {
        guard let holder = page.lockedBy, let since = page.lockedAt, since.addingTimeInterval(Self.lockLifetime) > now else { return nil }
        let user = try await UserRecord.find(holder, on: database)
        let name = user.map { [$0.firstName, $0.lastName].filter { !$0.isEmpty }.joined(separator: " ") } ?? ""
        return PageLock(holder: holder, holderName: name.isEmpty ? (user?.email ?? "") : name, since: since)
    }

    /// Refuses a change by anyone but the holder of a fresh lock.
    func checkLock(_ page: PageRecord, for user: UUID, on db: any Database, now: Date) async throws {
        guard let lock = try await currentLock(of: page, on: db, now: now), lock.holder != user else { return }
        throw ContentError.locked(holder: lock.holderName)
    }
}
