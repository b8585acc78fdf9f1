import Core
import Foundation
import Jobs
import Logging
import NIOPosix
import NIOSSL
import PostgresNIO

/// Holds one PostgreSQL connection of its own (not from the pool) listening on the jobs channel,
/// and wakes idle workers in this process when a job is enqueued anywhere. On failure it
/// reconnects with a growing pause; workers keep polling meanwhile, so nothing waits forever.
struct PostgresJobListener: Sendable {
    let location: DatabaseURL.PostgresLocation
    let signal: WakeupSignal
    let logger: Logger

    func run() async {
        var pause: Duration = .milliseconds(500)
        while !Task.isCancelled {
            do {
                try await listenOnce()
                pause = .milliseconds(500)
            } catch {
                if Task.isCancelled { break }
                logger.warning("job notifications interrupted; workers poll until it is back", metadata: [
                    "error": .string(String(describing: error)),
                ])
                try? await Task.sleep(for: pause)
                pause = min(pause * 2, .seconds(30))
            }
        }
    }

    private func listenOnce() async throws {
        var configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.username, password: location.password,
            database: location.database,
            tls: location.requireTLS ? .require(try NIOSSLContext(configuration: .makeClientConfiguration())) : .disable
        )
        configuration.options.connectTimeout = .seconds(10)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
        do {
            let notifications = try await connection.listen(JobQueue.notificationChannel)
            // A job enqueued while we were disconnected sent its notification to nobody.
            await signal.signal()
            for try await _ in notifications {
                await signal.signal()
            }
        } catch {
            try? await connection.close()
            throw error
        }
        try? await connection.close()
        throw ListenerEnded()
    }
}

/// The server ended the notification stream (a restart, an idle timeout): reconnect.
private struct ListenerEnded: Error, CustomStringConvertible {
    var description: String { "the notification stream ended" }
}
