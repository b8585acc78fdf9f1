import Core
import Foundation

/// A program of the system (DCMTK, GDCM, unzip) run with arguments, never through a shell, its
/// output collected and a time limit enforced, so a malformed file cannot hang a worker.
struct ExternalTool: Sendable {
    let executable: String

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The program's standard output. Throws when it cannot start, exits non-zero or outlives `limit`.
    func run(_ arguments: [String], limit: TimeInterval = 60) async throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ["PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        let collected = OutputBuffer()
        output.fileHandleForReading.readabilityHandler = { handle in collected.append(handle.availableData, error: false) }
        errors.fileHandleForReading.readabilityHandler = { handle in collected.append(handle.availableData, error: true) }
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { finished in continuation.resume(returning: finished.terminationStatus) }
            do {
                try ProcessLaunch.run(process)
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: Failure(description: "\(executable) cannot start: \(error)"))
                return
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + limit) { [process] in
                if process.isRunning { process.terminate() }
            }
        }
        output.fileHandleForReading.readabilityHandler = nil
        errors.fileHandleForReading.readabilityHandler = nil
        collected.append(output.fileHandleForReading.readDataToEndOfFile(), error: false)
        collected.append(errors.fileHandleForReading.readDataToEndOfFile(), error: true)
        let (stdout, stderr) = collected.text
        guard status == 0 else {
            throw Failure(description: "\(URL(fileURLWithPath: executable).lastPathComponent) exited with \(status): \(stderr.prefix(500))")
        }
        return stdout
    }
}

/// Both streams of a running program, appended from their reading threads.
private final class OutputBuffer: @unchecked Sendable {
    private let lock = NSLock()
    private var out = Data()
    private var err = Data()
    /// Enough for any dump we read; a program that prints more is cut off, not kept in memory.
    private let cap = 4 << 20

    func append(_ data: Data, error: Bool) {
        lock.withLock {
            if error { if err.count < cap { err.append(data) } } else if out.count < cap { out.append(data) }
        }
    }

    var text: (String, String) {
        lock.withLock { (String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self)) }
    }
}
