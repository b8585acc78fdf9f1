import Core
import Foundation

/// Configuration for tests: the testing environment, the development key, a small pool.
public enum TestConfiguration {
    public static func make(
        database: DatabaseURL,
        environment: AppEnvironment = .testing,
        baseURL: URL = URL(string: "http://127.0.0.1:8080")!,
        trustedProxies: [IPNetwork] = []
    ) -> Configuration {
        var configuration = Configuration(
            environment: environment, database: database, secretKeys: .development, baseURL: baseURL,
            trustedProxies: trustedProxies, databasePoolSize: 2, bcryptCost: 4
        )
        configuration.databasePoolTimeout = .seconds(60)
        configuration.auditCheckpointPath = TemplateDatabases.checkpointPath(for: database)
        configuration.storageFolder = TemplateDatabases.storageFolder(for: database)
        configuration.uploadSpoolFolder = TemplateDatabases.storageFolder(for: database) + "-spool"
        // The clamd `make test` starts; tests of an outage start their own.
        configuration.clamd = ProcessInfo.processInfo.environment["HC_TEST_CLAMD_URL"].flatMap(ClamdAddress.init(parsing:))
        return configuration
    }
}
