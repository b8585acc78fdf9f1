import App
import Logging
import Synchronization

/// Collects the JSON log lines an application writes, to check what is (and is not) logged.
public final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])

    public init() {}

    /// A logger that writes through the real JSON handler into this capture.
    public func logger(level: Logger.Level = .debug) -> Logger {
        Logger(label: "test.capture") { label in
            JSONLogHandler(label: label, level: level) { [self] line in self.lines.withLock { $0.append(line) } }
        }
    }

    public var all: [String] { lines.withLock { $0 } }
    public var text: String { all.joined() }
}
