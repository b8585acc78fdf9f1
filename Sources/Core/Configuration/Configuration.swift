import Foundation

/// Everything an operator sets, read once from `HC_*` environment variables and validated at start.
public struct Configuration: Sendable {
    public var environment: AppEnvironment
    public var database: DatabaseURL
    /// The root secrets; purposes derive their own keys from them.
    public var secretKeys: SecretKeyring
    /// The public address of the site; links in mail and redirects are built from it, never from `Host`.
    public var baseURL: URL
    /// Peers whose `X-Forwarded-For` is believed.
    public var trustedProxies: [IPNetwork]
    /// Whether production may run on SQLite (off unless the operator says so).
    public var allowSQLiteInProduction: Bool
    /// Minimum level written to the log.
    public var logLevel: LogLevel
    /// PostgreSQL connections per event loop (SQLite always uses one).
    public var databasePoolSize: Int
    /// How long a request waits for a free PostgreSQL connection before it fails. Short in
    /// production, so an overloaded instance sheds load; the tests wait longer, since a loaded
    /// two-core machine can stall the test server for seconds.
    public var databasePoolTimeout: Duration = .seconds(10)
    /// Page-view analytics after consent; nil when not configured (then no banner is shown).
    public var analytics: AnalyticsConfiguration?
    /// The sender and the way out for e-mail.
    public var mail: MailSettings
    /// Bcrypt's work factor for password hashes (each step doubles the time).
    public var bcryptCost: Int
    /// When signed-in sessions end.
    public var sessionTimeouts: SessionTimeouts
    /// The bearer token `/metrics` (and `/readyz`'s details) require; nil leaves them open, which
    /// only development and testing allow.
    public var metricsToken: String?
    /// Days a succeeded job, and a dead one, is kept before the purge deletes it.
    public var keepSucceededJobsDays = 7
    public var keepDeadJobsDays = 30
    /// Where `migrate` connects: the owner role on PostgreSQL, while `serve` and `worker` use a
    /// runtime role that may not rewrite the audit trail. Nil: `database` for both.
    public var migrationDatabase: DatabaseURL?
    /// While `migrate` runs as the owner: the runtime role it grants the application's rights to.
    public var runtimeRole: String?
    /// clamd, which scans every upload (`HC_CLAMD_URL`); required in production.
    public var clamd: ClamdAddress?
    /// The cache in front of the public images, purged when one is withdrawn; nil when none is
    /// (then their bounded `max-age` limits how long a cache keeps one).
    public var cdnPurge: CDNPurgeTarget?
    /// Where uploads are stored (`HC_STORAGE_URL`): a local folder or an S3-compatible bucket.
    public var storage = StorageLocation.folder(Configuration.defaultStorageFolder)
    /// The folder of local storage; setting it chooses local storage. Only for a configuration
    /// known to store in a folder (the tests'): with a bucket there is no folder to name, and
    /// reading it is a programming error.
    public var storageFolder: String {
        get {
            guard case .folder(let path) = storage else { preconditionFailure("storageFolder read while storage is \(storage)") }
            return path
        }
        set { storage = .folder(newValue) }
    }
    /// The fewest seconds between showing the inquiry form and sending it that a person takes
    /// (`HC_INQUIRY_MIN_FILL_SECONDS`); faster is refused politely as a robot's.
    public var inquiryShortestFill: Int = 3
    /// How long browsers and CDNs may keep a public image (`HC_PUBLIC_IMAGE_MAX_AGE`, seconds):
    /// bounded, so a CDN nobody purged still drops a withdrawn photo within the hour.
    public var publicImageMaxAge: Int = 3600
    /// The clinic's own time zone (`HC_CLINIC_TIME_ZONE`, an IANA name): the zone publication
    /// times are planned in unless an editor's account has its own. Times are stored in UTC.
    public var clinicTimeZone = TimeZone(identifier: "Europe/Istanbul")!
    /// How much an upload may be (`HC_UPLOAD_*`).
    public var uploadLimits = UploadLimits()
    /// Where uploads wait, as they arrive, until they are inspected and stored: the system's
    /// temporary folder (`TMPDIR`), which must be on disk, not in memory, for 500 MB studies.
    public var uploadSpoolFolder = FileManager.default.temporaryDirectory.appendingPathComponent("hc-uploads").path
    /// The append-only file workers write the audit chain's head to, and `audit verify` reads.
    public var auditCheckpointPath = Configuration.defaultAuditCheckpointPath
    /// Checkpoints as objects in the upload storage (`HC_AUDIT_CHECKPOINTS=storage`) instead of the file.
    public var auditCheckpointsInStorage = false

    public init(
        environment: AppEnvironment,
        database: DatabaseURL,
        secretKeys: SecretKeyring,
        baseURL: URL,
        trustedProxies: [IPNetwork] = [],
        allowSQLiteInProduction: Bool = false,
        logLevel: LogLevel = .info,
        databasePoolSize: Int = 4,
        analytics: AnalyticsConfiguration? = nil,
        mail: MailSettings = MailSettings(from: MailSettings.defaultFrom, transport: .outbox(directory: MailSettings.defaultOutbox)),
        bcryptCost: Int = 12,
        sessionTimeouts: SessionTimeouts = SessionTimeouts()
    ) {
        self.environment = environment
        self.database = database
        self.secretKeys = secretKeys
        self.baseURL = baseURL
        self.trustedProxies = trustedProxies
        self.allowSQLiteInProduction = allowSQLiteInProduction
        self.logLevel = logLevel
        self.databasePoolSize = databasePoolSize
        self.analytics = analytics
        self.mail = mail
        self.bcryptCost = bcryptCost
        self.sessionTimeouts = sessionTimeouts
    }

    /// The SQLite file used when `HC_DATABASE_URL` is not set.
    public static let defaultDatabase = DatabaseURL.sqlite(path: "var/healthconnect.sqlite")
    /// The storage folder used when `HC_STORAGE_URL` is not set.
    public static let defaultStorageFolder = "var/storage"
    /// The checkpoint file used when `HC_AUDIT_CHECKPOINT_PATH` is not set.
    public static let defaultAuditCheckpointPath = "var/audit-checkpoints"
    /// The address used when `HC_BASE_URL` is not set.
    public static let defaultBaseURL = URL(string: "http://127.0.0.1:8080")!

    /// The configuration `migrate` runs with: connected as the owner role when one is configured,
    /// remembering the runtime role to grant rights to.
    public func forMigrating() -> Configuration {
        guard let migrationDatabase, case .postgres(let owner) = migrationDatabase,
              case .postgres(let runtime) = database, owner.username != runtime.username else { return self }
        var copy = self
        copy.database = migrationDatabase
        copy.runtimeRole = runtime.username
        return copy
    }

    /// Whether cookies must carry `Secure` (the site is served over HTTPS).
    public var usesHTTPS: Bool { baseURL.scheme == "https" }
}

/// The log levels an operator may choose with `HC_LOG_LEVEL`.
public enum LogLevel: String, Sendable, CaseIterable {
    case trace, debug, info, notice, warning, error, critical
}
