import Foundation
import Logging

/// Keeps a running job's lease: renews it every third of its duration, and retries a renewal
/// the database refused with a growing pause. Returns only when the lease is lost (another worker
/// holds it, or renewals kept failing until it ran out): then the job must stop, since another
/// worker may take it up at any moment.
struct LeaseKeeper: Sendable {
    typealias Renew = @Sendable (ClaimedJob, TimeInterval) async throws -> ClaimedJob

    let duration: TimeInterval
    let renew: Renew
    let logger: Logger

    func hold(_ job: ClaimedJob) async {
        var current = job
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: .seconds(duration / 3))
            } catch {
                return
            }
            guard let renewed = await renewOnce(current) else { return }
            current = renewed
        }
    }

    /// One renewal, retried until it works, the lease is taken, or it runs out; nil when lost.
    private func renewOnce(_ job: ClaimedJob) async -> ClaimedJob? {
        var pause = max(0.05, duration / 60)
        while !Task.isCancelled {
            do {
                return try await renew(job, duration)
            } catch JobsError.leaseLost {
                logger.warning("lease lost: another worker has the job now")
                return nil
            } catch {
                guard Date().addingTimeInterval(pause) < job.leaseExpiresAt else {
                    logger.error("lease lost: could not renew it before it ran out", metadata: ["error": .string(String(describing: error))])
                    return nil
                }
                logger.warning("could not renew a lease; trying again", metadata: ["error": .string(String(describing: error))])
                try? await Task.sleep(for: .seconds(pause))
                pause = min(pause * 2, duration / 6)
            }
        }
        return job
    }
}
