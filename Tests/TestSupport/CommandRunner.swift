import Foundation

/// Runs the built `healthconnect` binary as an operator would, from the package root.
public enum CommandRunner {
    public struct Result: Sendable {
        public let status: Int32
        public let output: String
        public let errorOutput: String
    }

    public static var binary: URL { packageRoot.appendingPathComponent(".build/debug/healthconnect") }

    /// Runs `healthconnect arguments…` with only `environment` as its HC_* settings.
    public static func run(_ arguments: [String], environment: [String: String]) async throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("HC_") }
        env.merge(environment) { _, new in new }
        process.environment = env
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        return Result(
            status: status,
            output: String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self),
            errorOutput: String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        )
    }
}
