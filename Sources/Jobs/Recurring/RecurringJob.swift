import Core
import FluentKit
import Foundation
import SQLKit

/// A job declared in code to run on a cron schedule.
public struct RecurringJob: Sendable {
    /// Stable name; a slot is recorded under it, so renaming it starts a new history.
    public let name: String
    public let schedule: CronSchedule
    public let job: NewJob

    public init(name: String, schedule: String, job: NewJob) throws {
        self.name = name
        self.schedule = try CronSchedule(schedule)
        self.job = job
    }
}

/// Turns due cron slots into jobs, exactly once per slot however many workers look at once.
///
/// Each slot is claimed by inserting `(name, slot)` into `recurring_slots`, whose primary key lets
/// only one insert win; the job is enqueued in the same transaction. After downtime only the
/// latest missed slot runs, not every one.
public enum RecurringJobs {
    /// Enqueues every due slot not yet enqueued; returns how many jobs it added.
    @discardableResult
    public static func enqueueDue(_ recurring: [RecurringJob], on database: any Database, now: Date = Date()) async throws -> Int {
        var added = 0
        for entry in recurring {
            guard let slot = entry.schedule.latestSlot(atOrBefore: now) else { continue }
            // The write path every other write takes: on SQLite it queues behind this process's
            // other writers instead of contending for the file lock.
            let enqueued = try await database.writeTransaction { sql -> Bool in
                let won = try await sql.raw("""
                    INSERT INTO recurring_slots (name, slot) VALUES (\(bind: entry.name), \(bind: slot))
                    ON CONFLICT (name, slot) DO NOTHING
                    RETURNING name
                    """).all()
                guard !won.isEmpty else { return false }
                var job = entry.job
                job.runAt = slot
                try await JobQueue.enqueue(job, on: sql, now: now)
                return true
            }
            if enqueued { added += 1 }
        }
        // Slots older than the lookback can never be claimed again; their rows are only history.
        try await JobQueue.sqlDatabase(database)
            .raw("DELETE FROM recurring_slots WHERE slot < \(bind: now.addingTimeInterval(-9 * 86_400))").run()
        return added
    }
}

/// The table of claimed cron slots.
public struct CreateRecurringSlots: AsyncMigration {
    public var name: String { "2026-11-23-create-recurring-slots" }

    public init() {}

    public func prepare(on database: any Database) async throws {
        try await database.schema("recurring_slots")
            .field("name", .string, .required)
            .field("slot", .datetime, .required)
            .compositeIdentifier(over: "name", "slot")
            .create()
    }

    public func revert(on database: any Database) async throws {
        try await database.schema("recurring_slots").delete()
    }
}
