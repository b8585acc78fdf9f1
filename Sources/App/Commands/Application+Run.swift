import Core
import Fluent
import Foundation
import Vapor

extension Application {
    /// Builds the application from the environment and runs the command named on the command line
    /// (`serve` when none): what `healthconnect` does.
    ///
    /// In development, `serve` also brings the database schema up to date and loads the demo
    /// site into an empty one, so `make run` on a fresh checkout serves real pages at once.
    public static func runHealthConnect(environment: [String: String], arguments: [String]) async -> Int32 {
        let configuration: Configuration
        do {
            configuration = try Configuration.load(from: environment)
        } catch {
            FileHandle.standardError.write(Data("healthconnect: configuration error: \(error)\n".utf8))
            return 78  // EX_CONFIG
        }
        Observability.bootstrapLogging(level: configuration.logLevel)
        Observability.bootstrapMetrics()

        let vaporEnvironment = Environment(name: configuration.environment.rawValue, arguments: arguments)
        let app: Application
        do {
            app = try await Application.make(vaporEnvironment)
        } catch {
            FileHandle.standardError.write(Data("healthconnect: cannot start: \(error)\n".utf8))
            return 1
        }
        let command = arguments.dropFirst().first { !$0.hasPrefix("-") } ?? "serve"
        do {
            try await configure(app, configuration: command == "migrate" ? configuration.forMigrating() : configuration)
            app.logger.notice("configured", metadata: [
                "environment": .string(configuration.environment.rawValue),
                "database": .string(configuration.database.description),
            ])
            if configuration.environment == .development && command == "serve" {
                try await app.autoMigrate()
                let made = try await DemoContent.load(from: app.directory.resourcesDirectory).seed(app)
                if made > 0 { app.logger.notice("loaded the demo site", metadata: ["pages": .stringConvertible(made)]) }
                app.lifecycle.use(InProcessWorker())
            }
            try await app.execute()
            try await app.asyncShutdown()
            return 0
        } catch {
            FileHandle.standardError.write(Data("healthconnect: \(error)\n".utf8))
            try? await app.asyncShutdown()
            return 1
        }
    }
}
