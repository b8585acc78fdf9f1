import Foundation

/// Where workers put the chain's head every minute, outside the database, and `audit verify`
/// reads the newest from: an append-only file, or one object per checkpoint in object storage.
public protocol AuditCheckpointSink: Sendable {
    /// Where it is, for messages.
    var location: String { get }
    func append(_ checkpoint: AuditCheckpoint, at time: Date) async throws
    /// The newest checkpoint and when it was written; nil when none was written yet.
    func newest() async throws -> (checkpoint: AuditCheckpoint, writtenAt: Date)?
}

/// An append-only file of checkpoints outside the database, one line each: `SEQ:MAC TIME`.
///
/// Someone who can rewrite the database, even holding the audit key, can shorten the chain and
/// put back a head row saved earlier; they cannot make the chain reach a checkpoint already
/// written here. `audit verify` reads the newest line by default. Kept on another disk or
/// machine, or made append-only (`chattr +a`), it also outlives whoever holds the database host.
public struct AuditCheckpointFile: AuditCheckpointSink {
    public let path: String

    public var location: String { path }

    public init(path: String) {
        self.path = path
    }

    /// Appends one line with a single `write` on an `O_APPEND` descriptor, so lines from several
    /// workers never interleave, and syncs it to disk before returning.
    public func append(_ checkpoint: AuditCheckpoint, at time: Date) throws {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw AuditCheckpointFileError(path: path, operation: "open", code: errno) }
        defer { close(descriptor) }
        let line = Array(AuditCheckpointLine.format(checkpoint, at: time).utf8)
        let written = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == line.count else { throw AuditCheckpointFileError(path: path, operation: "write", code: errno) }
        guard fsync(descriptor) == 0 else { throw AuditCheckpointFileError(path: path, operation: "fsync", code: errno) }
    }

    /// The newest well-formed checkpoint and when it was written; nil when the file does not exist
    /// or holds none. Reads only the file's end: it grows by a line a minute for years.
    public func newest() throws -> (checkpoint: AuditCheckpoint, writtenAt: Date)? {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            if FileManager.default.fileExists(atPath: path) {
                throw AuditCheckpointFileError(path: path, operation: "open", code: EACCES)
            }
            return nil
        }
        defer { try? handle.close() }
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: size > 4096 ? size - 4096 : 0)
        let tail = String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
        // A torn last line (a crash mid-write) is skipped; the one before it still counts.
        for line in tail.split(separator: "\n").reversed() {
            if let parsed = AuditCheckpointLine.parse(line) { return parsed }
        }
        return nil
    }
}

public struct AuditCheckpointFileError: Error, CustomStringConvertible {
    public let path: String
    public let operation: String
    public let code: Int32

    public var description: String { "audit checkpoint file \(path): \(operation) failed: \(String(cString: strerror(code)))" }
}

/// One checkpoint as a sink stores it: `SEQ:MAC TIME` and a newline, TIME in Unix seconds.
public enum AuditCheckpointLine {
    public static func format(_ checkpoint: AuditCheckpoint, at time: Date) -> String {
        "\(checkpoint.seq):\(checkpoint.mac) \(Int64(time.timeIntervalSince1970.rounded(.down)))\n"
    }

    /// The checkpoint and its time; nil for anything else (a torn or foreign line).
    public static func parse(_ line: Substring) -> (checkpoint: AuditCheckpoint, writtenAt: Date)? {
        let parts = line.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ")
        guard parts.count == 2, let checkpoint = AuditCheckpoint(parsing: String(parts[0])), checkpoint.mac.count == 64,
              let seconds = Int64(parts[1]) else { return nil }
        return (checkpoint, Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}
