@testable import Core
import FluentKit
import Foundation
import Jobs
import Testing
import TestSupport
import Vapor

@Suite("Cron schedules")
struct CronScheduleTests {
    static func date(_ text: String) -> Date {
        ISO8601DateFormatter().date(from: text)!
    }

    @Test("fields, ranges, steps and lists match the minutes they name")
    func matching() throws {
        let quarter = try CronSchedule("*/15 * * * *")
        #expect(quarter.matches(Self.date("2026-11-23T10:45:00Z")))
        #expect(!quarter.matches(Self.date("2026-11-23T10:46:00Z")))
        let weekdays = try CronSchedule("30 2 * * 1-5")
        #expect(weekdays.matches(Self.date("2026-11-23T02:30:00Z")), "a Monday")
        #expect(!weekdays.matches(Self.date("2026-11-22T02:30:00Z")), "a Sunday")
        let sundays = try CronSchedule("0 0 * * 7")
        #expect(sundays.matches(Self.date("2026-11-22T00:00:00Z")))
        let either = try CronSchedule("0 9 1 * 1")
        #expect(either.matches(Self.date("2026-12-01T09:00:00Z")), "the 1st, a Tuesday")
        #expect(either.matches(Self.date("2026-11-23T09:00:00Z")), "a Monday, not the 1st")
        #expect(try CronSchedule("0 8,20 * 1-6/2 *").matches(Self.date("2026-03-10T20:00:00Z")))
    }

    @Test("malformed expressions are refused with a reason", arguments: [
        "* * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "*/0 * * * *", "5-1 * * * *", "a * * * *", "* * * 13 *", "1/2/3 * * * *",
    ])
    func invalid(expression: String) {
        #expect(throws: CronError.self) { _ = try CronSchedule(expression) }
    }

    @Test("the latest slot at or before a time")
    func latestSlot() throws {
        let nightly = try CronSchedule("0 3 * * *")
        #expect(nightly.latestSlot(atOrBefore: Self.date("2026-11-23T10:17:42Z")) == Self.date("2026-11-23T03:00:00Z"))
        #expect(nightly.latestSlot(atOrBefore: Self.date("2026-11-23T03:00:30Z")) == Self.date("2026-11-23T03:00:00Z"))
        #expect(try CronSchedule("0 0 29 2 *").latestSlot(atOrBefore: Self.date("2026-11-23T00:00:00Z")) == nil, "outside the lookback")
    }
}

@Suite("Recurring jobs")
struct RecurringJobTests {
    @Test("several workers looking at once enqueue each slot exactly once", arguments: TestDatabase.allCases)
    func exactlyOncePerSlot(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let recurring = [try RecurringJob(name: "test.every-minute", schedule: "* * * * *", job: NewJob(kind: NoopJob.kind))]
            let now = CronScheduleTests.date("2026-11-23T10:17:42Z")
            let added = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<6 { group.addTask { try await RecurringJobs.enqueueDue(recurring, on: app.db, now: now) } }
                return try await group.reduce(0, +)
            }
            #expect(added == 1)
            #expect(try await RecurringJobs.enqueueDue(recurring, on: app.db, now: now.addingTimeInterval(10)) == 0, "same minute")
            #expect(try await RecurringJobs.enqueueDue(recurring, on: app.db, now: now.addingTimeInterval(60)) == 1, "next minute")
            let jobs = try await JobRecord.query(on: app.db).sort(\.$runAt).all()
            #expect(jobs.map(\.runAt) == [CronScheduleTests.date("2026-11-23T10:17:00Z"), CronScheduleTests.date("2026-11-23T10:18:00Z")])
        }
    }

    @Test("after downtime only the latest missed slot runs", arguments: TestDatabase.allCases)
    func missedSlots(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let recurring = [try RecurringJob(name: "test.quarter", schedule: "*/15 * * * *", job: NewJob(kind: NoopJob.kind))]
            try await RecurringJobs.enqueueDue(recurring, on: app.db, now: CronScheduleTests.date("2026-11-23T08:00:10Z"))
            try await RecurringJobs.enqueueDue(recurring, on: app.db, now: CronScheduleTests.date("2026-11-23T10:20:00Z"))
            let slots = try await JobRecord.query(on: app.db).sort(\.$runAt).all().map(\.runAt)
            #expect(slots == [CronScheduleTests.date("2026-11-23T08:00:00Z"), CronScheduleTests.date("2026-11-23T10:15:00Z")])
        }
    }

    @Test("on SQLite, turning slots into jobs waits for this process's other writers, like every write")
    func sqliteWritePath() async throws {
        try await withTestApp(only: .sqlite, because: "the SQLite write path (this process's writer queue)") { app in
            let recurring = [try RecurringJob(name: "test.every-minute", schedule: "* * * * *", job: NewJob(kind: NoopJob.kind))]
            let db = app.db
            // Another write transaction of this process holds the write path.
            await SQLiteWriters.shared.lock()
            let enqueue = Task { try await RecurringJobs.enqueueDue(recurring, on: db) }
            try await Task.sleep(for: .milliseconds(300))
            let whileHeld = try await JobRecord.query(on: app.db).count()
            await SQLiteWriters.shared.unlock()
            #expect(try await enqueue.value == 1)
            #expect(whileHeld == 0, "it queued behind the writer instead of taking the file lock beside it")
        }
    }
}
