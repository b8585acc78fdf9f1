import API
import Accounts
import Audit
import Content
import Core
import Fluent
import Foundation
import HTTPSupport
import Jobs
import Mail
import Media
import Portal
import Vapor
import Web

/// Wires the application: database, migrations, middleware order, routes.
///
/// Middleware runs outermost first. Request context (id, client address, access log) wraps
/// everything; security headers and the cache policy then apply to every response, error pages
/// included; the error middleware turns any failure into a page or problem document; static
/// assets are served before routing. Sessions and CSRF apply only to HTML routes, never to the API.
public func configure(_ app: Application, configuration: Configuration) async throws {
    let assets = try AssetManifest(directory: app.directory.publicDirectory)
    if let missing = (PageLayout.requiredAssets + APIDocsPage.requiredAssets + UploadField.requiredAssets + AdminMediaReview.requiredAssets).first(where: { !assets.contains($0) }) {
        throw MissingAssetsError(missing: missing)
    }
    app.webContext = WebContext(
        configuration: configuration,
        translations: try Translations.load(from: URL(fileURLWithPath: app.directory.resourcesDirectory + "Locales"), logger: app.logger),
        assets: assets,
        icons: try IconSet(file: app.directory.publicDirectory + "build/icons.json")
    )

    if configuration.database.isSQLite {
        // SQLite calls block a thread, and one waiting for another connection's write lock sleeps
        // in it (busy_timeout). On NIO's shared pool (one thread per core) that can leave no
        // thread for the connection holding the lock. Fluent takes the pool on first use, below.
        app.threadPool = NIOThreadPool(numberOfThreads: 8)
    }
    try app.useDatabase(configuration.database, poolSize: configuration.databasePoolSize, poolTimeout: configuration.databasePoolTimeout)
    if configuration.database.isSQLite {
        try await SQLiteTuning.apply(to: app)
    }
    for migration in AppMigrations.all(keyring: configuration.secretKeys) {
        app.migrations.add(migration)
    }

    app.routes.defaultMaxBodySize = "1mb"
    // Off by default; CachePolicyMiddleware turns it on for public responses only.
    app.http.server.configuration.responseCompression = .disabled
    app.middleware = Middlewares()
    app.middleware.use(RequestContextMiddleware(resolver: ClientAddressResolver(trustedProxies: configuration.trustedProxies)))
    app.middleware.use(SecurityHeadersMiddleware(
        strictTransportSecurity: configuration.environment.isProduction,
        analyticsOrigin: configuration.analytics?.origin,
        mediaOrigin: { if case .s3(let location) = configuration.storage { location.objectOrigin } else { nil } }()
    ))
    app.middleware.use(CachePolicyMiddleware())
    app.middleware.use(ErrorResponseMiddleware())
    app.middleware.use(StaticAssetsMiddleware())

    // Before any HTML route: `htmlRoutes` builds its session middleware from it.
    app.sessionConfiguration = SessionConfiguration(secure: configuration.usesHTTPS)
    try app.register(collection: OperationsRoutes())
    try app.registerAPI()
    try app.register(collection: APIDocsRoutes())
    try app.register(collection: MediaRoutes())
    // Without sessions: crawlers get no cookie, and caches may keep the answer.
    try app.register(collection: CrawlerRoutes())
    try app.register(collection: PublicImageRoutes(maxAge: configuration.publicImageMaxAge))
    try app.htmlRoutes.register(collection: PublicRoutes())
    try app.htmlRoutes.register(collection: ContentRoutes())
    try app.htmlRoutes.register(collection: AdminPagePreviewRoutes())
    try app.htmlRoutes.register(collection: StyleGuideRoutes())
    try app.htmlRoutes.register(collection: PrivacyRoutes())
    try app.htmlRoutes.register(collection: AccountRoutes())
    try app.htmlRoutes.register(collection: AdminUserRoutes())
    try app.htmlRoutes.register(collection: AdminUploadRoutes())
    try app.htmlRoutes.register(collection: AdminMediaRoutes())
    try app.htmlRoutes.register(collection: UploadRoutes())
    try app.htmlRoutes.register(collection: InquiryRoutes())
    try app.htmlRoutes.register(collection: AdminInquiryRoutes())
    try app.htmlRoutes.register(collection: AdminCaseRoutes())
    app.lifecycle.use(RouteMethodIndexBuilder())


    app.auditTrail = AuditTrail(keyring: configuration.secretKeys)
    app.accounts = Accounts(
        hashing: PasswordHashing(keyring: configuration.secretKeys, bcrypt: VaporBcrypt(), cost: configuration.bcryptCost),
        policy: PasswordPolicy(commonPasswords: try CommonPasswords.load(from: URL(fileURLWithPath: app.directory.resourcesDirectory + "Security/common-passwords.txt"))),
        audit: app.auditTrail,
        keyring: configuration.secretKeys,
        timeouts: configuration.sessionTimeouts,
        mailDomain: configuration.mail.from.domain,
        tokenIssuer: configuration.baseURL.absoluteString
    )

    app.mail = MailSetup(configuration: configuration, translations: app.webContext.translations, logger: app.logger)

    let storage: any ObjectStorage = switch configuration.storage {
    case .folder(let path): FileStorage(root: path, keyring: configuration.secretKeys)
    case .s3(let location): S3Storage(location: location, client: app.http.client.shared, logger: app.logger)
    }
    app.uploads = Uploads(storage: storage, limits: configuration.uploadLimits, audit: app.auditTrail, clamd: configuration.clamd.map(ClamdClient.init(address:)),
                          keyring: configuration.secretKeys,
                          spoolFolder: configuration.uploadSpoolFolder)
    let purger: any CDNPurger = configuration.cdnPurge.map {
        HTTPCDNPurger(target: $0, publicHost: configuration.baseURL.hostHeader, client: app.http.client.shared, logger: app.logger)
    } ?? NoCDNPurger()
    app.mediaLibrary = MediaLibrary(uploads: app.uploads, hooks: ContentPublicationHooks(audit: app.auditTrail), purger: purger)
    app.pages = Pages(accounts: app.accounts, media: app.mediaLibrary, audit: app.auditTrail)

    app.inquiries = Inquiries(
        accounts: app.accounts, uploads: app.uploads, audit: app.auditTrail,
        notice: try PrivacyNotice.load(from: URL(fileURLWithPath: app.directory.resourcesDirectory + "Legal/inquiry-privacy")),
        keyring: configuration.secretKeys, mailDomain: configuration.mail.from.domain,
        shortestFill: TimeInterval(configuration.inquiryShortestFill)
    )

    let retention = JobRetention(succeededDays: configuration.keepSucceededJobsDays, deadDays: configuration.keepDeadJobsDays)
    app.jobHandlers = [
        NoopJob(), SleepJob(), PurgeExpiredSessions(), PurgeFinishedJobs(retention: retention), AuditCheckpointJob(), app.mail.job,
        ScanUploadJob(uploads: app.uploads), DeleteStoredObjectJob(storage: storage), SweepUploadsJob(uploads: app.uploads),
        DicomPreviewJob(uploads: app.uploads), ForgetInquiryKeysJob(inquiries: app.inquiries),
        AnalyseAssetJob(library: app.mediaLibrary), RenditionsJob(library: app.mediaLibrary), ConsentChangedJob(library: app.mediaLibrary),
        AssetsUnpublishedJob(library: app.mediaLibrary), ConsentExpiryJob(library: app.mediaLibrary),
        ScheduledPublicationJob(pages: app.pages),
    ]
    app.recurringJobs = [
        try PurgeExpiredSessions.recurring(), try PurgeFinishedJobs.recurring(), try AuditCheckpointJob.recurring(),
        try SweepUploadsJob.recurring(), try ForgetInquiryKeysJob.recurring(), try ConsentExpiryJob.recurring(),
    ]
    // Registered after the database, so `migrate` replaces Fluent's unaudited command.
    app.asyncCommands.use(AuditedMigrateCommand(), as: "migrate")
    app.asyncCommands.use(WorkerCommand(), as: "worker")
    app.asyncCommands.use(JobsCommand(), as: "jobs")
    app.asyncCommands.use(AuditCommand(), as: "audit")
    app.asyncCommands.use(AuditBenchmarkCommand(), as: "bench-audit")
    app.asyncCommands.use(InquiryBenchmarkCommand(), as: "bench-inquiries")
    app.asyncCommands.use(MediaBenchmarkCommand(), as: "bench-media")
    app.asyncCommands.use(KeysCommand(), as: "keys")
    app.asyncCommands.use(CheckCommand(), as: "check")
    app.asyncCommands.use(MailCommand(), as: "mail")
    app.asyncCommands.use(CreateAdminCommand(), as: "create-admin")
    app.asyncCommands.use(SeedDemoCommand(), as: "seed-demo")
}

extension Application {
    private struct SessionConfigurationKey: StorageKey { typealias Value = SessionConfiguration }

    var sessionConfiguration: SessionConfiguration {
        get { storage[SessionConfigurationKey.self] ?? SessionConfiguration(secure: false) }
        set { storage[SessionConfigurationKey.self] = newValue }
    }

    /// The group for server-rendered pages and forms: database sessions, CSRF protection, and
    /// the signed-in account if there is one.
    public var htmlRoutes: any RoutesBuilder {
        routes.grouped(
            SessionMiddleware(store: DatabaseSessionStore(), configuration: sessionConfiguration),
            CSRFMiddleware(),
            AuthenticationMiddleware(),
            SiteMenuMiddleware()
        )
    }
}

/// The front-end build has not run: pages cannot be served without their stylesheet and fonts.
struct MissingAssetsError: Error, CustomStringConvertible {
    let missing: String
    var description: String { "Public/\(missing) is missing: run `make assets` (make run and make test do it for you)" }
}
