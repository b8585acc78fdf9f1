import Foundation
import Synchronization

/// Starts child processes one at a time. Foundation's `Process.run()` on Linux is not safe to
/// call from two threads at once (swift-corelibs-foundation #4772, #4795): the test suite crashed
/// with a segfault inside it while a worker test and another launch overlapped. Launching takes
/// a millisecond; the processes still run side by side.
public enum ProcessLaunch {
    private static let lock = Mutex(())

    public static func run(_ process: Process) throws {
        try lock.withLock { _ in try process.run() }
    }
}
