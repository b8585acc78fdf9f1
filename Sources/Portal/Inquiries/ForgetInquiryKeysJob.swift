import Foundation
import Jobs

/// Hourly: forgets inquiries' idempotency keys older than a day.
public struct ForgetInquiryKeysJob: JobHandler {
    public static let kind = "portal.forget-inquiry-keys"
    public var kind: String { Self.kind }
    let inquiries: Inquiries

    public init(inquiries: Inquiries) {
        self.inquiries = inquiries
    }

    public static func recurring() throws -> RecurringJob {
        try RecurringJob(name: kind, schedule: "17 * * * *", job: NewJob(kind: kind, maxAttempts: 3))
    }

    public func run(_ job: ClaimedJob, context: JobContext) async throws {
        let forgotten = try await inquiries.forgetOldKeys(on: context.database)
        if forgotten > 0 { context.logger.info("inquiry keys forgotten", metadata: ["count": .stringConvertible(forgotten)]) }
    }
}
