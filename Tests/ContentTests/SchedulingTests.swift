import Accounts
@testable import App
import Audit
@testable import Content
import Core
import FluentKit
import Foundation
@testable import Jobs
import Synchronization
import Testing
import TestSupport
import Vapor

/// A clock a test moves by hand.
final class PinnedClock: Sendable {
    private let current: Mutex<Date>
    init(_ date: Date) { current = Mutex(date) }
    var now: Date { current.withLock { $0 } }
    func set(_ date: Date) { current.withLock { $0 = date } }
}

@Suite("Scheduled publication and expiry: jobs due at their minute, no cron")
struct SchedulingTests {
    /// The start of a minute years from now, so no real clock reaches it.
    static let start = Date(timeIntervalSince1970: 1_930_000_020)

    /// A published section, a draft method page under it, and a worker on a clock pinned at `start`.
    static func scene(_ app: Application) async throws
        -> (ContentFixtures, PinnedClock, Worker, methods: PageRecord, page: PageRecord) {
        let f = try await ContentFixtures(app)
        let clock = PinnedClock(start)
        let (_, methods) = try await f.site(now: start)
        let page = try await f.pages.create("MethodPage", locale: .en, under: methods.requireID(), slug: "nail", content: ContentFixtures.method(),
                                            by: f.editor, origin: f.origin, on: app.db, now: start)
        return (f, clock, app.makeWorker(clock: { clock.now }), methods, page)
    }

    @Test("a page planned for a quarter of an hour ahead goes live when a worker runs at that minute, not a second before; its end takes it off at its own",
          arguments: TestDatabase.allCases)
    func goLiveAndExpire(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let (f, clock, worker, _, page) = try await Self.scene(app)
            let site = PublicSite(media: app.mediaLibrary)
            let goLive = Self.start.addingTimeInterval(15 * 60 + 42), end = Self.start.addingTimeInterval(3 * 3600 + 5)
            try await f.pages.schedule(page.requireID(), revision: nil, goLiveAt: goLive, expireAt: end, by: f.editor, origin: f.origin,
                                       on: app.db, now: Self.start)
            let minute = Self.start.addingTimeInterval(15 * 60), endMinute = Self.start.addingTimeInterval(3 * 3600)
            let jobs = try await JobRecord.query(on: app.db).filter(\.$kind == ScheduledPublicationJob.kind).sort(\.$runAt).all()
            #expect(jobs.map(\.runAt) == [minute, endMinute], "each job is due at its minute")

            clock.set(minute.addingTimeInterval(-1))
            while try await worker.runOnce() {}
            #expect(try await f.reload(page).live == false)
            clock.set(minute)
            while try await worker.runOnce() {}
            guard case .page(let live) = try await site.lookup("/en/methods/nail/", on: app.db, now: minute) else {
                Issue.record("live at its minute")
                return
            }
            #expect(live.content.title == "Internal lengthening nail")
            let reloaded = try await f.reload(page)
            #expect(reloaded.goLiveAt == nil && reloaded.expireAt == endMinute)

            clock.set(endMinute.addingTimeInterval(-1))
            while try await worker.runOnce() {}
            #expect(try await f.reload(page).live)
            // Past its end the page is gone even before its job has run.
            guard case .gone = try await site.lookup("/en/methods/nail/", on: app.db, now: endMinute) else {
                Issue.record("gone at its end")
                return
            }
            clock.set(endMinute)
            while try await worker.runOnce() {}
            #expect(try await f.reload(page).live == false)
            let actions = try await AuditTrail.latest(6, on: app.db).map(\.action)
            #expect(actions.contains("page.expire") && actions.contains("page.publish") && actions.contains("page.schedule"))
        }
    }

    @Test("a plan changed before its minute: the old job finds it changed and does nothing; times in the past are refused",
          arguments: TestDatabase.allCases)
    func replacedPlan(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let (f, clock, worker, methods, page) = try await Self.scene(app)
            let pageID = try page.requireID()
            await #expect(throws: ContentError.scheduleInvalid) {
                try await f.pages.schedule(pageID, revision: nil, goLiveAt: Self.start.addingTimeInterval(-60), expireAt: nil, by: f.editor,
                                           origin: f.origin, on: app.db, now: Self.start)
            }
            await #expect(throws: ContentError.scheduleInvalid) {
                try await f.pages.schedule(pageID, revision: nil, goLiveAt: Self.start.addingTimeInterval(7200), expireAt: Self.start.addingTimeInterval(3600),
                                           by: f.editor, origin: f.origin, on: app.db, now: Self.start)
            }
            try await f.pages.schedule(pageID, revision: nil, goLiveAt: Self.start.addingTimeInterval(600), expireAt: nil, by: f.editor,
                                       origin: f.origin, on: app.db, now: Self.start)
            try await f.pages.schedule(pageID, revision: nil, goLiveAt: Self.start.addingTimeInterval(1800), expireAt: nil, by: f.editor,
                                       origin: f.origin, on: app.db, now: Self.start)
            clock.set(Self.start.addingTimeInterval(600))
            while try await worker.runOnce() {}
            #expect(try await f.reload(page).live == false, "the first plan was replaced")
            clock.set(Self.start.addingTimeInterval(1800))
            while try await worker.runOnce() {}
            #expect(try await f.reload(page).live)

            // Cancelled: its job does nothing.
            let other = try await f.pages.create("MethodPage", locale: .en, under: methods.requireID(), slug: "frame", content: ContentFixtures.method("Frame"),
                                                 by: f.editor, origin: f.origin, on: app.db, now: clock.now)
            try await f.pages.schedule(other.requireID(), revision: nil, goLiveAt: clock.now.addingTimeInterval(120), expireAt: nil, by: f.editor,
                                       origin: f.origin, on: app.db, now: clock.now)
            try await f.pages.cancelSchedule(other.requireID(), by: f.editor, origin: f.origin, on: app.db, now: clock.now)
            clock.set(clock.now.addingTimeInterval(120))
            while try await worker.runOnce() {}
            #expect(try await f.reload(other).live == false)

            // Deleted before its minute: the job finds nothing to do and succeeds.
            try await f.pages.schedule(other.requireID(), revision: nil, goLiveAt: clock.now.addingTimeInterval(60), expireAt: nil, by: f.editor,
                                       origin: f.origin, on: app.db, now: clock.now)
            try await f.pages.delete(other.requireID(), by: f.editor, origin: f.origin, on: app.db, now: clock.now)
            clock.set(clock.now.addingTimeInterval(60))
            while try await worker.runOnce() {}
            let jobs = try await JobRecord.query(on: app.db).filter(\.$kind == ScheduledPublicationJob.kind).all()
            #expect(jobs.allSatisfy { $0.state == .succeeded }, "\(jobs.map(\.state))")
        }
    }
}
