import Accounts
import Audit
import Core
import FluentKit
import Foundation

extension Pages {
    /// A surgeon records that the page is medically sound, and when it should be looked at again.
    public func recordMedicalReview(_ pageID: UUID, nextDue: CalendarDay, today: CalendarDay, by actor: AccessActor, origin: AuditOrigin,
                                    on database: any Database, now: Date = Date()) async throws {
        let surgeon = try await authorize(actor, .write, .medicalReview, origin: origin, on: database)
        guard nextDue > today else { throw ValidationFailure(["review_due": msgid("Choose a day after today.")]) }
        try await database.writeTransaction { db in
            let page = try await lockedPage(pageID, on: db)
            page.reviewedBy = surgeon
            page.reviewedAt = now
            page.reviewDue = nextDue.description
            try await page.update(on: db)
            try await audit.append(AuditEvent(actor: actor.auditActor, action: "page.medical_review", resource: Self.resource(pageID), origin: origin,
                                              detail: ["due": .string(nextDue.description)]), on: db, at: now)
        }
    }

    /// Pages whose medical review is due by `day`, or was never done, soonest first.
    public func reviewsDue(by day: CalendarDay, by actor: AccessActor, origin: AuditOrigin, on database: any Database) async throws -> [PageRecord] {
        _ = try await authorize(actor, .read, .medicalReview, origin: origin, on: database)
        let due = try await PageRecord.query(on: database).group(.or) { group in
            group.filter(\.$reviewDue == nil).filter(\.$reviewDue <= day.description)
        }.all()
        return due.sorted { ($0.reviewDue ?? "", $0.urlPath) < ($1.reviewDue ?? "", $1.urlPath) }
    }
}
