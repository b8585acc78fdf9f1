import Core
import FluentKit

/// Where verification found the chain broken.
public struct AuditBreak: Sendable, Hashable, CustomStringConvertible {
    public var seq: Int64
    public var problem: String
    public var description: String { "event \(seq): \(problem)" }
}

public struct AuditVerification: Sendable {
    /// Events whose MAC was checked and found right, up to the first break.
    public var verifiedEvents: Int64
    /// The last intact link.
    public var lastIntact: AuditCheckpoint
    public var firstBreak: AuditBreak?
    public var isIntact: Bool { firstBreak == nil }
}

extension AuditTrail {
    /// Walks the whole chain from the first event, recomputing every MAC with the key each event
    /// names, and stops at the first broken link: a changed, missing or inserted event, or one
    /// signed with a key older than one that already signed an earlier event. Also checks that
    /// the head row agrees with the last event and that each checkpoint still matches.
    public func verify(on database: any Database, checkpoints: [AuditCheckpoint] = [],
                       pageSize: Int = 1000) async throws -> AuditVerification {
        var previous = AuditCheckpoint(seq: 0, mac: AuditMAC.genesis)
        // The newest key that has signed so far; the keyring lists keys newest first.
        var newest: (id: String, age: Int, seq: Int64)?
        var pending = Dictionary(checkpoints.map { ($0.seq, $0) }, uniquingKeysWith: { first, _ in first })
        func broken(_ seq: Int64, _ problem: String) -> AuditVerification {
            AuditVerification(verifiedEvents: previous.seq, lastIntact: previous, firstBreak: AuditBreak(seq: seq, problem: problem))
        }
        if let genesis = pending.removeValue(forKey: 0), !genesis.matches(AuditMAC.genesis) {
            return broken(0, "checkpoint 0 does not hold the genesis MAC")
        }

        while true {
            let page = try await Self.entries(after: previous.seq, limit: pageSize, on: database)
            for entry in page {
                let expected = previous.seq + 1
                guard entry.seq == expected else {
                    return broken(expected, "missing: the chain jumps from \(previous.seq) to \(entry.seq) (events were deleted)")
                }
                guard let key = keyring.key(for: .auditMAC, id: entry.keyID), let age = keyring.age(of: entry.keyID) else {
                    return broken(entry.seq, "made with key '\(entry.keyID)', which HC_SECRET_KEYS no longer holds")
                }
                if let newest, age > newest.age {
                    return broken(entry.seq, "signed with key '\(entry.keyID)' after the newer key '\(newest.id)' signed event \(newest.seq): a retired key cannot add to the chain")
                }
                guard AuditMAC.compute(entry, previous: previous.mac, key: key) == entry.mac else {
                    return broken(entry.seq, "MAC does not match: the event was changed, or the chain before it was rebuilt")
                }
                if let checkpoint = pending.removeValue(forKey: entry.seq), !checkpoint.matches(entry.mac) {
                    return broken(entry.seq, "differs from checkpoint \(checkpoint): the chain was rebuilt")
                }
                previous = AuditCheckpoint(seq: entry.seq, mac: entry.mac)
                if newest == nil || age < newest!.age { newest = (entry.keyID, age, entry.seq) }
            }
            if page.count < pageSize { break }
        }

        let head = try await Self.head(on: database)
        let seal = try await Self.headSeal(on: database)
        guard let sealKey = keyring.key(for: .auditMAC, id: seal.keyID),
              ConstantTime.equals(Array(AuditMAC.seal(head, key: sealKey).utf8), Array(seal.mac.utf8)) else {
            return broken(head.seq, "the chain head (\(head)) is not sealed with the audit key: it was rewritten, so events after it may have been deleted")
        }
        if let newest, let sealAge = keyring.age(of: seal.keyID), sealAge > newest.age {
            return broken(head.seq, "the chain head is sealed with key '\(seal.keyID)', older than key '\(newest.id)' that signed event \(newest.seq)")
        }
        if head.seq > previous.seq {
            return broken(previous.seq + 1, "missing: the chain head is at \(head.seq) but the last event is \(previous.seq) (the newest events were deleted)")
        }
        if head.seq < previous.seq || head.mac != previous.mac {
            return broken(previous.seq, "the chain head (\(head)) disagrees with the last event")
        }
        if let beyond = pending.keys.min() {
            return broken(previous.seq + 1, "missing: checkpoint \(beyond) is beyond the last event \(previous.seq) (the newest events were deleted, or the database was put back from an older copy)")
        }
        return AuditVerification(verifiedEvents: previous.seq, lastIntact: previous, firstBreak: nil)
    }
}
