import Audit
import Foundation
import NIOCore

/// Audit checkpoints as objects, one new object per checkpoint and never one overwritten, under
/// `audit-checkpoints/` of the configured storage (`HC_AUDIT_CHECKPOINTS=storage`). A bucket with
/// object lock or versioning then keeps them even from whoever holds the database host.
///
/// Keys count down (`<99999999999 − seconds>-<Int64.max − seq>-<random>`), so the
/// first key in name order is the newest checkpoint: one listing of one key finds it, however
/// many years of checkpoints the bucket holds.
public struct StorageCheckpointSink: AuditCheckpointSink {
    public let storage: any ObjectStorage
    public let prefix: String

    public init(storage: any ObjectStorage, prefix: String = "audit-checkpoints") {
        self.storage = storage
        self.prefix = prefix
    }

    public var location: String { "object storage, under \(prefix)/" }

    public func append(_ checkpoint: AuditCheckpoint, at time: Date) async throws {
        let seconds = Int64(time.timeIntervalSince1970.rounded(.down))
        let name = String(format: "%011lld-%019lld-%@", 99_999_999_999 - seconds, Int64.max - checkpoint.seq,
                          String(UUID().uuidString.lowercased().prefix(8)))
        guard let key = ObjectKey("\(prefix)/\(name)") else { throw StorageError(.misconfigured, "bad checkpoint key \(name)") }
        let line = ByteBuffer(string: AuditCheckpointLine.format(checkpoint, at: time))
        try await storage.put(key, chunks: AsyncStream { continuation in
            continuation.yield(line)
            continuation.finish()
        }, length: Int64(line.readableBytes), contentType: "text/plain")
    }

    public func newest() async throws -> (checkpoint: AuditCheckpoint, writtenAt: Date)? {
        guard let key = try await storage.firstKey(under: prefix) else { return nil }
        var text = ""
        for try await chunk in try await storage.get(key) { text += String(buffer: chunk) }
        guard let parsed = AuditCheckpointLine.parse(Substring(text)) else {
            throw StorageError(.refused, "the newest checkpoint object \(key) is not SEQ:MAC TIME")
        }
        return parsed
    }
}
