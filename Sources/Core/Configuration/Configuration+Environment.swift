import Foundation

extension Configuration {
    /// Every variable this reads, with what it means: the README's table lists the same.
    public static let variables: [(name: String, meaning: String)] = [
        ("HC_ENV", "development (default), testing or production"),
        ("HC_DATABASE_URL", "sqlite://path or postgres://user:password@host:port/database[?sslmode=require]"),
        ("HC_MIGRATION_DATABASE_URL", "where migrate connects: PostgreSQL's owner role, which grants the runtime role of HC_DATABASE_URL its rights (default HC_DATABASE_URL)"),
        ("HC_SECRET_KEYS", "root keys as kid:base64 (32+ random bytes), comma-separated, newest first; required in production"),
        ("HC_SECRET_KEY_CURRENT", "during a rotation's first step, the id of the older key still used for new data (default: the newest)"),
        ("HC_BASE_URL", "public address of the site; https:// in production"),
        ("HC_TRUSTED_PROXIES", "comma-separated IPs or CIDRs whose X-Forwarded-For is believed"),
        ("HC_ALLOW_SQLITE_IN_PRODUCTION", "true to run production on SQLite on purpose"),
        ("HC_LOG_LEVEL", "trace, debug, info (default), notice, warning, error or critical"),
        ("HC_DATABASE_POOL_SIZE", "PostgreSQL connections per event loop, 1 to 64 (default 4)"),
        ("HC_ANALYTICS_URL", "Umami server for page-view counts after consent (with HC_ANALYTICS_SITE_ID)"),
        ("HC_ANALYTICS_SITE_ID", "the website's id in Umami"),
        ("HC_SMTP_URL", "smtp://user:password@host:587 (STARTTLS required) or smtps://…:465; unset: mail goes to .eml files (not in production)"),
        ("HC_SMTP_CA_FILE", "PEM file of CA certificates to trust for the SMTP server instead of the system's"),
        ("HC_MAIL_FROM", "sender, e.g. Hills Clinic <noreply@hills.example>; required in production"),
        ("HC_BCRYPT_COST", "Bcrypt work factor for passwords, 4 to 16 (default 12; at least 12 in production)"),
        ("HC_SESSION_IDLE_MINUTES", "a patient's session ends after this many minutes unused (default 30)"),
        ("HC_SESSION_ABSOLUTE_HOURS", "a patient's session ends this many hours after sign-in (default 12)"),
        ("HC_STAFF_SESSION_IDLE_MINUTES", "a staff session ends after this many minutes unused (default 15)"),
        ("HC_STAFF_SESSION_ABSOLUTE_HOURS", "a staff session ends this many hours after sign-in (default 10)"),
        ("HC_MAIL_OUTBOX", "folder for .eml files when HC_SMTP_URL is unset (default var/outbox)"),
        ("HC_METRICS_TOKEN", "bearer token /metrics requires (at least 32 characters); required in production"),
        ("HC_JOBS_KEEP_SUCCEEDED_DAYS", "days a succeeded job (and its payload) is kept, 1 to 365 (default 7)"),
        ("HC_JOBS_KEEP_DEAD_DAYS", "days a dead job is kept for an operator, 1 to 365 (default 30)"),
        ("HC_CLAMD_URL", "clamd that scans every upload: tcp://host:port or unix:///path; required in production"),
        ("HC_STORAGE_URL", "where uploads are stored: file://folder (default file://var/storage) or s3://bucket?endpoint=https://host[&region=auto][&style=path|virtual][&sse=AES256]"),
        ("HC_STORAGE_ACCESS_KEY_ID", "the S3 access key id; required with s3://"),
        ("HC_STORAGE_SECRET_ACCESS_KEY", "the S3 secret access key; required with s3://"),
        ("HC_AUDIT_CHECKPOINT_PATH", "append-only file of audit chain heads, outside the database's folder (default var/audit-checkpoints)"),
        ("HC_AUDIT_CHECKPOINTS", "file (default: HC_AUDIT_CHECKPOINT_PATH) or storage (one object per checkpoint in HC_STORAGE_URL)"),
        ("HC_CLINIC_TIME_ZONE", "the clinic's IANA time zone, in which planned publications are entered (default Europe/Istanbul)"),
        ("HC_PUBLIC_IMAGE_MAX_AGE", "seconds browsers and caches may keep a public image, 0 to 86400 (default 3600)"),
        ("HC_CDN_PURGE_URL", "the cache in front of /images/ (a CDN or nginx's proxy_cache_purge), purged path by path when an image is withdrawn"),
        ("HC_CDN_PURGE_METHOD", "the purge request's method (default PURGE)"),
        ("HC_CDN_PURGE_TOKEN", "sent as Authorization: Bearer with each purge, if the cache asks for one"),
        ("HC_INQUIRY_MIN_FILL_SECONDS", "the fewest seconds from showing the inquiry form to sending it that a person takes (default 3)"),
    ] + UploadLimits.variables

    /// Reads and validates the `HC_*` variables; the first bad one stops start-up with a clear line.
    public static func load(from env: [String: String]) throws(ConfigurationError) -> Configuration {
        func value(_ name: String) -> String? {
            guard let raw = env[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            return raw
        }

        let environment: AppEnvironment
        if let raw = value("HC_ENV") {
            guard let parsed = AppEnvironment(rawValue: raw.lowercased()) else {
                throw ConfigurationError("HC_ENV", "must be development, testing or production, not '\(raw)'")
            }
            environment = parsed
        } else {
            environment = .development
        }

        let database = try value("HC_DATABASE_URL").map { raw throws(ConfigurationError) in try DatabaseURL(parsing: raw) }
            ?? defaultDatabase

        if value("HC_SECRET_KEY") != nil {
            throw ConfigurationError("HC_SECRET_KEY", "was replaced by the keyring HC_SECRET_KEYS=kid:base64key (see `healthconnect keys rotate`)")
        }
        let currentKey = value("HC_SECRET_KEY_CURRENT")
        let secretKeys = try value("HC_SECRET_KEYS").map { raw throws(ConfigurationError) in try SecretKeyring(parsing: raw, current: currentKey) }
            ?? .development
        if currentKey != nil && secretKeys.isDevelopmentDefault {
            throw ConfigurationError("HC_SECRET_KEY_CURRENT", "names a key of HC_SECRET_KEYS, which is not set")
        }

        var baseURL = defaultBaseURL
        if let raw = value("HC_BASE_URL") {
            guard let url = URL(string: raw), let scheme = url.scheme?.lowercased(),
                  scheme == "http" || scheme == "https", url.host?.isEmpty == false
            else {
                throw ConfigurationError("HC_BASE_URL", "must be an absolute http:// or https:// URL, not '\(raw)'")
            }
            baseURL = url
        }

        var trustedProxies: [IPNetwork] = []
        if let raw = value("HC_TRUSTED_PROXIES") {
            for item in raw.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
                guard let network = IPNetwork(item) else {
                    throw ConfigurationError("HC_TRUSTED_PROXIES", "'\(item)' is not an IP address or CIDR range")
                }
                trustedProxies.append(network)
            }
        }

        var allowSQLite = false
        if let raw = value("HC_ALLOW_SQLITE_IN_PRODUCTION") {
            switch raw.lowercased() {
            case "1", "true", "yes": allowSQLite = true
            case "0", "false", "no": allowSQLite = false
            default: throw ConfigurationError("HC_ALLOW_SQLITE_IN_PRODUCTION", "must be true or false, not '\(raw)'")
            }
        }

        var logLevel = LogLevel.info
        if let raw = value("HC_LOG_LEVEL") {
            guard let parsed = LogLevel(rawValue: raw.lowercased()) else {
                throw ConfigurationError("HC_LOG_LEVEL", "must be one of \(LogLevel.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            logLevel = parsed
        }

        var poolSize = 4
        if let raw = value("HC_DATABASE_POOL_SIZE") {
            guard let parsed = Int(raw), (1...64).contains(parsed) else {
                throw ConfigurationError("HC_DATABASE_POOL_SIZE", "must be a whole number from 1 to 64, not '\(raw)'")
            }
            poolSize = parsed
        }

        let analytics = try AnalyticsConfiguration.load(
            url: value("HC_ANALYTICS_URL"), siteID: value("HC_ANALYTICS_SITE_ID"), production: environment.isProduction
        )

        let mail = try loadMail(value)

        var bcryptCost = 12
        if let raw = value("HC_BCRYPT_COST") {
            guard let parsed = Int(raw), (4...16).contains(parsed) else {
                throw ConfigurationError("HC_BCRYPT_COST", "must be a whole number from 4 to 16, not '\(raw)'")
            }
            bcryptCost = parsed
        }

        var configuration = Configuration(
            environment: environment, database: database, secretKeys: secretKeys, baseURL: baseURL,
            trustedProxies: trustedProxies, allowSQLiteInProduction: allowSQLite, logLevel: logLevel,
            databasePoolSize: poolSize, analytics: analytics, mail: mail, bcryptCost: bcryptCost,
            sessionTimeouts: try SessionTimeouts.load(value)
        )
        if let token = value("HC_METRICS_TOKEN") {
            guard token.count >= 32, token.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
                throw ConfigurationError("HC_METRICS_TOKEN", "must be at least 32 printable ASCII characters without spaces (`openssl rand -hex 32`)")
            }
            configuration.metricsToken = token
        }
        for (name, keyPath) in [("HC_JOBS_KEEP_SUCCEEDED_DAYS", \Configuration.keepSucceededJobsDays), ("HC_JOBS_KEEP_DEAD_DAYS", \.keepDeadJobsDays)] {
            guard let raw = value(name) else { continue }
            guard let days = Int(raw), (1...365).contains(days) else {
                throw ConfigurationError(name, "must be a whole number of days from 1 to 365, not '\(raw)'")
            }
            configuration[keyPath: keyPath] = days
        }
        if let raw = value("HC_MIGRATION_DATABASE_URL") {
            let migration = try DatabaseURL(parsing: raw, variable: "HC_MIGRATION_DATABASE_URL")
            switch (migration, database) {
            case (.postgres(let owner), .postgres(let runtime)):
                guard owner.host == runtime.host, owner.port == runtime.port, owner.database == runtime.database else {
                    throw ConfigurationError("HC_MIGRATION_DATABASE_URL", "must name the same server and database as HC_DATABASE_URL, as another role")
                }
            case (.sqlite(let a), .sqlite(let b)) where a == b:
                break
            default:
                throw ConfigurationError("HC_MIGRATION_DATABASE_URL", "must name the same database as HC_DATABASE_URL")
            }
            configuration.migrationDatabase = migration
        }
        if let raw = value("HC_CLAMD_URL") {
            guard let address = ClamdAddress(parsing: raw) else {
                throw ConfigurationError("HC_CLAMD_URL", "must be tcp://host:port or unix:///path/to/clamd.ctl, not '\(raw)'")
            }
            configuration.clamd = address
        }
        configuration.cdnPurge = try CDNPurgeTarget.load(url: value("HC_CDN_PURGE_URL"), method: value("HC_CDN_PURGE_METHOD"),
                                                         token: value("HC_CDN_PURGE_TOKEN"), production: environment.isProduction)
        configuration.storage = try StorageLocation.load(
            url: value("HC_STORAGE_URL"), accessKeyID: value("HC_STORAGE_ACCESS_KEY_ID"),
            secretAccessKey: value("HC_STORAGE_SECRET_ACCESS_KEY")
        )
        if let path = value("HC_AUDIT_CHECKPOINT_PATH") {
            configuration.auditCheckpointPath = path
        }
        switch value("HC_AUDIT_CHECKPOINTS")?.lowercased() {
        case nil, "file": configuration.auditCheckpointsInStorage = false
        case "storage": configuration.auditCheckpointsInStorage = true
        case let other?: throw ConfigurationError("HC_AUDIT_CHECKPOINTS", "must be file or storage, not '\(other)'")
        }
        configuration.uploadLimits = try UploadLimits.load(value)
        if let raw = value("HC_INQUIRY_MIN_FILL_SECONDS") {
            guard let seconds = Int(raw), (0...60).contains(seconds) else {
                throw ConfigurationError("HC_INQUIRY_MIN_FILL_SECONDS", "must be a whole number of seconds from 0 to 60, not '\(raw)'")
            }
            configuration.inquiryShortestFill = seconds
        }
        if let raw = value("HC_CLINIC_TIME_ZONE") {
            guard raw.contains("/") || raw == "UTC", let zone = TimeZone(identifier: raw) else {
                throw ConfigurationError("HC_CLINIC_TIME_ZONE", "must be an IANA time zone such as Europe/Istanbul, not '\(raw)'")
            }
            configuration.clinicTimeZone = zone
        }
        if let raw = value("HC_PUBLIC_IMAGE_MAX_AGE") {
            guard let seconds = Int(raw), (0...86_400).contains(seconds) else {
                throw ConfigurationError("HC_PUBLIC_IMAGE_MAX_AGE", "must be a whole number of seconds from 0 to 86400, not '\(raw)'")
            }
            configuration.publicImageMaxAge = seconds
        }
        if environment.isProduction {
            try configuration.checkProductionSafety()
        }
        return configuration
    }

    private static func loadMail(_ value: (String) -> String?) throws(ConfigurationError) -> MailSettings {
        var from = MailSettings.defaultFrom
        if let raw = value("HC_MAIL_FROM") {
            guard let parsed = MailAddress(parsing: raw) else {
                throw ConfigurationError("HC_MAIL_FROM", "must be an address such as Hills Clinic <noreply@hills.example>, not '\(raw)'")
            }
            from = parsed
        }
        let caFile = value("HC_SMTP_CA_FILE")
        if let caFile, !FileManager.default.isReadableFile(atPath: caFile) {
            throw ConfigurationError("HC_SMTP_CA_FILE", "cannot read '\(caFile)'")
        }
        if let raw = value("HC_SMTP_URL") {
            return MailSettings(from: from, transport: .smtp(try SMTPServer(parsing: raw, caFile: caFile)))
        }
        return MailSettings(from: from, transport: .outbox(directory: value("HC_MAIL_OUTBOX") ?? MailSettings.defaultOutbox))
    }

    /// Refuses the development defaults that would be unsafe in front of real patients.
    public func checkProductionSafety() throws(ConfigurationError) {
        if secretKeys.isDevelopmentDefault {
            throw ConfigurationError("HC_SECRET_KEYS", "must be set in production, e.g. HC_SECRET_KEYS=k1:$(openssl rand -base64 32)")
        }
        if let weak = secretKeys.weakKeyIDs.first {
            throw ConfigurationError("HC_SECRET_KEYS", "key '\(weak)' does not look random; generate one with `openssl rand -base64 32`")
        }
        if !usesHTTPS {
            throw ConfigurationError("HC_BASE_URL", "must be https:// in production, so cookies can be Secure")
        }
        if bcryptCost < 12 {
            throw ConfigurationError("HC_BCRYPT_COST", "must be at least 12 in production")
        }
        if case .outbox = mail.transport {
            throw ConfigurationError("HC_SMTP_URL", "must be set in production, or mail would only be written to files")
        }
        if mail.from == MailSettings.defaultFrom {
            throw ConfigurationError("HC_MAIL_FROM", "must be set in production to the clinic's sender address")
        }
        if database.isSQLite && !allowSQLiteInProduction {
            throw ConfigurationError("HC_DATABASE_URL", "production runs on PostgreSQL; set HC_ALLOW_SQLITE_IN_PRODUCTION=true to use SQLite on purpose")
        }
        if case .sqlite(let file) = database, !auditCheckpointsInStorage, Self.isInside(auditCheckpointPath, folderOf: file) {
            throw ConfigurationError("HC_AUDIT_CHECKPOINT_PATH", """
                must lie outside the SQLite file's folder in production: whoever can replace the database there could \
                replace the checkpoints that reveal it
                """)
        }
        if metricsToken == nil {
            throw ConfigurationError("HC_METRICS_TOKEN", "must be set in production, so only Prometheus reads /metrics (`openssl rand -hex 32`)")
        }
        if clamd == nil {
            throw ConfigurationError("HC_CLAMD_URL", "must be set in production: no upload may be served unscanned")
        }
    }

    /// Whether `path` is in the folder holding `file`, or below it (paths resolved, symlinks followed).
    static func isInside(_ path: String, folderOf file: String) -> Bool {
        func resolved(_ path: String) -> [String] {
            URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().pathComponents
        }
        let folder = Array(resolved(file).dropLast())
        let target = resolved(path)
        return target.count > folder.count && Array(target.prefix(folder.count)) == folder
    }
}
