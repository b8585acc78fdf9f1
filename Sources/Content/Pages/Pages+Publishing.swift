import Accounts
import Audit
import Core
import FluentKit
import Foundation
import Jobs

extension Pages {
    /// Makes `revisionID` (the latest when nil) what visitors see. Its images are checked again:
    /// a consent may have been withdrawn since it was saved.
    public func publish(_ pageID: UUID, revision revisionID: UUID? = nil, by actor: AccessActor, origin: AuditOrigin,
                        on database: any Database, now: Date = Date()) async throws {
        let user = try await authorize(actor, .write, .live, origin: origin, on: database)
        try await database.writeTransaction { db in
            let page = try await lockedPage(pageID, on: db)
            try await checkLock(page, for: user, on: db, now: now)
            try await makeLive(page, revision: revisionID ?? page.latestRevisionID, actor: actor.auditActor, origin: origin, on: db, now: now)
        }
    }

    func makeLive(_ page: PageRecord, revision revisionID: UUID?, actor: AuditActor, origin: AuditOrigin, on db: any Database, now: Date) async throws {
        let pageID = try page.requireID()
        guard let revisionID, let revision = try await PageRevisionRecord.find(revisionID, on: db), revision.pageID == pageID else {
            throw ContentError.notFound
        }
        guard let type = PageTypes.declaration(page.type) else { throw ContentError.unknownType }
        let content = revision.content
        let (_, references) = try content.validated(as: type)
        try await checkReferences(references, locale: page.locale, on: db, now: now)
        if revision.publishedAt == nil {
            revision.publishedAt = now
            revision.contentHash = content.contentHash
            try await revision.update(on: db)
        }
        page.live = true
        page.liveRevisionID = revisionID
        page.title = content.title
        page.firstPublishedAt = page.firstPublishedAt ?? now
        page.lastPublishedAt = now
        // Publishing by hand supersedes a planned publication; a planned end stays.
        page.scheduledRevisionID = nil
        page.goLiveAt = nil
        if let expireAt = page.expireAt, expireAt <= now { page.expireAt = nil }
        page.updatedAt = now
        try await page.update(on: db)
        try await refreshUsages(of: page, on: db)
        try await audit.append(AuditEvent(actor: actor, action: "page.publish", resource: Self.resource(pageID), origin: origin,
                                          detail: ["revision": .int(Int64(revision.number)), "hash": .string(revision.contentHash ?? "")]),
                               on: db, at: now)
    }

    /// Takes the page off the site; its revisions stay, and publishing again brings it back.
    public func unpublish(_ pageID: UUID, by actor: AccessActor, origin: AuditOrigin, on database: any Database, now: Date = Date()) async throws {
        let user = try await authorize(actor, .write, .live, origin: origin, on: database)
        try await database.writeTransaction { db in
            let page = try await lockedPage(pageID, on: db)
            try await checkLock(page, for: user, on: db, now: now)
            try await takeDown(page, action: "page.unpublish", actor: actor.auditActor, origin: origin, on: db, now: now)
        }
    }

    func takeDown(_ page: PageRecord, action: String, actor: AuditActor, origin: AuditOrigin, on db: any Database, now: Date) async throws {
        guard page.live else { return }
        page.live = false
        page.expireAt = nil
        page.updatedAt = now
        try await page.update(on: db)
        try await audit.append(AuditEvent(actor: actor, action: action, resource: Self.resource(try page.requireID()), origin: origin,
                                          detail: [:]), on: db, at: now)
    }

    // MARK: Planned for a minute

    /// Plans `revisionID` to go live at `goLiveAt` and/or the page to come off at `expireAt`
    /// (each rounded down to its minute). Each is a job due at that minute: whichever worker is
    /// running then makes it happen, with no cron and no timer to forget. A later plan replaces
    /// this one; its jobs then find the plan changed and do nothing.
    public func schedule(_ pageID: UUID, revision revisionID: UUID?, goLiveAt: Date?, expireAt: Date?, by actor: AccessActor,
                         origin: AuditOrigin, on database: any Database, now: Date = Date()) async throws {
        let user = try await authorize(actor, .write, .live, origin: origin, on: database)
        let start = goLiveAt.map(Self.minute), end = expireAt.map(Self.minute)
        guard start != nil || end != nil else { throw ContentError.scheduleInvalid }
        if let start, start <= now { throw ContentError.scheduleInvalid }
        if let end, end <= max(start ?? now, now) { throw ContentError.scheduleInvalid }
        try await database.writeTransaction { db in
            let page = try await lockedPage(pageID, on: db)
            try await checkLock(page, for: user, on: db, now: now)
            if let start {
                guard let revisionID = revisionID ?? page.latestRevisionID, let revision = try await PageRevisionRecord.find(revisionID, on: db),
                      revision.pageID == pageID else { throw ContentError.notFound }
                guard let type = PageTypes.declaration(page.type) else { throw ContentError.unknownType }
                _ = try revision.content.validated(as: type)
                page.scheduledRevisionID = revisionID
                page.goLiveAt = start
                try await JobQueue.enqueue(try ScheduledPublicationJob.job(page: pageID, at: start), on: db, now: now)
            }
            if let end {
                guard page.live || start != nil else { throw ContentError.scheduleInvalid }
                page.expireAt = end
                try await JobQueue.enqueue(try ScheduledPublicationJob.job(page: pageID, at: end), on: db, now: now)
            }
            page.updatedAt = now
            try await page.update(on: db)
            try await audit.append(AuditEvent(actor: actor.auditActor, action: "page.schedule", resource: Self.resource(pageID), origin: origin, detail: [
                "go_live_at": start.map { .string(Self.iso($0)) } ?? .null, "expire_at": end.map { .string(Self.iso($0)) } ?? .null,
            ]), on: db, at: now)
        }
    }

    /// Forgets any planned publication and end.
    public func cancelSchedule(_ pageID: UUID, by actor: AccessActor, origin: AuditOrigin, on database: any Database, now: Date = Date()) async throws {
        let user = try await authorize(actor, .write, .live, origin: origin, on: database)
        try await database.writeTransaction { db in
            let page = try await lockedPage(pageID, on: db)
            try await checkLock(page, for: user, on: db, now: now)
            page.scheduledRevisionID = nil
            page.goLiveAt = nil
            page.expireAt = nil
            page.updatedAt = now
            try await page.update(on: db)
            try await audit.append(AuditEvent(actor: actor.auditActor, action: "page.schedule.cancel", resource: Self.resource(pageID), origin: origin),
                                   on: db, at: now)
        }
    }

    /// What a scheduled job does at its minute: publish what was planned for then, take off what
    /// was planned to end then. A plan that changed since the job was made is left alone.
    func runSchedule(_ pageID: UUID, at minute: Date, now: Date, on database: any Database) async throws {
        try await database.writeTransaction { db in
            let page: PageRecord
            do {
                page = try await lockedPage(pageID, on: db)
            } catch ContentError.notFound {
                return  // deleted since it was planned
            }
            let actor = AuditActor.system(ScheduledPublicationJob.kind)
            if let goLiveAt = page.goLiveAt, goLiveAt == minute, goLiveAt <= now {
                let planned = page.scheduledRevisionID
                let expireAt = page.expireAt
                do {
                    try await makeLive(page, revision: planned, actor: actor, origin: .none, on: db, now: now)
                } catch let failure as ValidationFailure {
                    // An image's consent ended since it was planned: it stays a draft, and the
                    // audit trail (and the editor's page list) says why.
                    page.scheduledRevisionID = nil
                    page.goLiveAt = nil
                    try await page.update(on: db)
                    try await audit.append(AuditEvent(actor: actor, action: "page.schedule.failed", resource: Self.resource(pageID),
                                                      outcome: .failure, detail: ["fields": .array(failure.fields.keys.sorted().map { .string($0) })]),
                                           on: db, at: now)
                    return
                }
                // A planned end after the start survives the start.
                if let expireAt, expireAt > now {
                    page.expireAt = expireAt
                    try await page.update(on: db)
                }
            }
            if let expireAt = page.expireAt, expireAt == minute, expireAt <= now {
                try await takeDown(page, action: "page.expire", actor: actor, origin: .none, on: db, now: now)
            }
        }
    }

    static func minute(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 60).rounded(.down) * 60)
    }

    static func iso(_ date: Date) -> String { date.formatted(.iso8601) }

    /// Every revision that has been live, newest first: for a legal text, each version a
    /// consent may have recorded, with its hash.
    public func publishedRevisions(of pageID: UUID, on database: any Database) async throws -> [PageRevisionRecord] {
        try await PageRevisionRecord.query(on: database).filter(\.$pageID == pageID).filter(\.$publishedAt != nil)
            .sort(\.$number, .descending).all()
    }
}

/// Runs a page's planned publication or end at its minute.
public struct ScheduledPublicationJob: JobHandler {
    public static let kind = "content.schedule"
    public var kind: String { Self.kind }
    let pages: Pages

    public init(pages: Pages) {
        self.pages = pages
    }

    struct Payload: Codable {
        var page: UUID
        var at: Date
    }

    static func job(page: UUID, at minute: Date) throws -> NewJob {
        // Dates as seconds since 1970: the payload must round-trip to the same minute exactly.
        try NewJob(kind: kind, payload: Payload(page: page, at: minute), queue: "default", priority: 10, runAt: minute,
                   idempotencyKey: "\(kind):\(page.uuidString.lowercased()):\(Int(minute.timeIntervalSince1970))")
    }

    public func run(_ job: ClaimedJob, context: JobContext) async throws {
        guard let payload = try? JSONDecoder().decode(Payload.self, from: Data(job.payload.utf8)) else {
            throw PermanentJobFailure("unreadable payload")
        }
        try await pages.runSchedule(payload.page, at: payload.at, now: context.now, on: context.database)
    }
}
