import Core
import Foundation

/// Runs the built `healthconnect` binary as an operator would, from the package root.
public enum CommandRunner {
    public struct Result: Sendable {
        public let status: Int32
        public let output: String
        public let errorOutput: String
    }

    public static var binary: URL { packageRoot.appendingPathComponent(".build/debug/healthconnect") }

    /// Runs `healthconnect arguments…` with only `environment` as its HC_* settings, and `input`
    /// (if any) on its standard input.
    public static func run(_ arguments: [String], environment: [String: String], input: String? = nil) async throws -> Result {
        try await run(makeProcess(arguments, environment: environment), input: input)
    }

    private static func run(_ process: Process, input: String?) async throws -> Result {
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        if let input {
            let pipe = Pipe()
            process.standardInput = pipe
            pipe.fileHandleForWriting.write(Data(input.utf8))
            try pipe.fileHandleForWriting.close()
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try ProcessLaunch.run(process) } catch { continuation.resume(throwing: error) }
        }
        return Result(
            status: status,
            output: String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self),
            errorOutput: String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        )
    }

    /// A long-running `healthconnect` process (a worker), to signal and wait for.
    public final class Running: Sendable {
        let process: Process
        private let exit: Task<Int32, Never>

        init(_ process: Process, exit: Task<Int32, Never>) {
            self.process = process
            self.exit = exit
        }

        public var pid: Int32 { process.processIdentifier }

        /// Sends `signal` (SIGTERM, SIGKILL…).
        public func send(_ signal: Int32) { kill(process.processIdentifier, signal) }

        /// The exit status, once the process has ended.
        public func waitForExit() async -> Int32 { await exit.value }
    }

    /// Starts `healthconnect arguments…` in the background; its output is discarded.
    public static func start(_ arguments: [String], environment: [String: String]) throws -> Running {
        let process = makeProcess(arguments, environment: environment)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { continuation.yield($0.terminationStatus); continuation.finish() }
        try ProcessLaunch.run(process)
        let exit = Task { await stream.first { _ in true } ?? -1 }
        return Running(process, exit: exit)
    }

    private static func makeProcess(_ arguments: [String], environment: [String: String]) -> Process {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("HC_") }
        env.merge(environment) { _, new in new }
        process.environment = env
        return process
    }

    /// The HC_* settings that point a process at `database`.
    public static func environment(_ database: DatabaseURL) -> [String: String] {
        let url: String
        switch database {
        case .sqlite(let path): url = "sqlite://\(path)"
        case .postgres(let l): url = "postgres://\(l.username)@\(l.host):\(l.port)/\(l.database)"
        }
        // Bcrypt's lowest cost: tests check behaviour, bench/ measures speed.
        return ["HC_ENV": "testing", "HC_DATABASE_URL": url, "HC_LOG_LEVEL": "warning", "HC_BCRYPT_COST": "4",
                "HC_AUDIT_CHECKPOINT_PATH": TemplateDatabases.checkpointPath(for: database),
                "HC_STORAGE_URL": "file://" + TemplateDatabases.storageFolder(for: database)]
    }
}
