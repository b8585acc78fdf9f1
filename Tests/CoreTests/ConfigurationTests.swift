import Core
import Foundation
import Testing

@Suite("Configuration from HC_* variables")
struct ConfigurationTests {
    static let productionSecret = "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="

    @Test("no variables give a working development setup")
    func developmentDefaults() throws {
        let configuration = try Configuration.load(from: [:])
        #expect(configuration.environment == .development)
        #expect(configuration.database == .sqlite(path: "var/healthconnect.sqlite"))
        #expect(configuration.secretKeys.isDevelopmentDefault)
        #expect(configuration.baseURL.absoluteString == "http://127.0.0.1:8080")
        #expect(configuration.clinicTimeZone.identifier == "Europe/Istanbul")
        #expect(try Configuration.load(from: ["HC_CLINIC_TIME_ZONE": "Asia/Riyadh"]).clinicTimeZone.identifier == "Asia/Riyadh")
    }

    @Test("each bad value names its variable", arguments: [
        (["HC_ENV": "staging"], "HC_ENV"),
        (["HC_DATABASE_URL": "mysql://x@y/z"], "HC_DATABASE_URL"),
        (["HC_DATABASE_URL": "postgres://host/db"], "HC_DATABASE_URL"),
        (["HC_DATABASE_URL": "postgres://u@host"], "HC_DATABASE_URL"),
        (["HC_DATABASE_URL": "sqlite://"], "HC_DATABASE_URL"),
        (["HC_SECRET_KEY": String(repeating: "k", count: 40)], "HC_SECRET_KEY"),
        (["HC_SECRET_KEYS": "k1:c2hvcnQ="], "HC_SECRET_KEYS"),
        (["HC_SECRET_KEYS": "no-colon"], "HC_SECRET_KEYS"),
        (["HC_SECRET_KEYS": "bad id!:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="], "HC_SECRET_KEYS"),
        (["HC_SECRET_KEYS": "k1:not*base64"], "HC_SECRET_KEYS"),
        (["HC_SECRET_KEYS": "\(Self.productionSecret),\(Self.productionSecret)"], "HC_SECRET_KEYS"),
        (["HC_BASE_URL": "ftp://example.org"], "HC_BASE_URL"),
        (["HC_BASE_URL": "not a url"], "HC_BASE_URL"),
        (["HC_TRUSTED_PROXIES": "10.0.0.0/8, nonsense"], "HC_TRUSTED_PROXIES"),
        (["HC_TRUSTED_PROXIES": "10.0.0.0/33"], "HC_TRUSTED_PROXIES"),
        (["HC_LOG_LEVEL": "loud"], "HC_LOG_LEVEL"),
        (["HC_DATABASE_POOL_SIZE": "0"], "HC_DATABASE_POOL_SIZE"),
        (["HC_ALLOW_SQLITE_IN_PRODUCTION": "maybe"], "HC_ALLOW_SQLITE_IN_PRODUCTION"),
        (["HC_CLINIC_TIME_ZONE": "Istanbul"], "HC_CLINIC_TIME_ZONE"),
        (["HC_CLINIC_TIME_ZONE": "Mars/Olympus"], "HC_CLINIC_TIME_ZONE"),
    ])
    func badValueNamesVariable(environment: [String: String], variable: String) {
        #expect {
            _ = try Configuration.load(from: environment)
        } throws: { error in
            (error as? ConfigurationError)?.variable == variable
        }
    }

    @Test("production refuses the development secret")
    func productionNeedsSecret() {
        #expect(throws: ConfigurationError.self) {
            _ = try Configuration.load(from: ["HC_ENV": "production", "HC_BASE_URL": "https://hills.example",
                                              "HC_DATABASE_URL": "postgres://u:p@db/hc"])
        }
    }

    @Test("production refuses plain HTTP")
    func productionNeedsHTTPS() {
        #expect {
            _ = try Configuration.load(from: ["HC_ENV": "production", "HC_SECRET_KEYS": Self.productionSecret,
                                              "HC_BASE_URL": "http://hills.example", "HC_DATABASE_URL": "postgres://u:p@db/hc"])
        } throws: { ($0 as? ConfigurationError)?.variable == "HC_BASE_URL" }
    }

    @Test("production refuses SQLite unless allowed explicitly")
    func productionSQLite() throws {
        let base = ["HC_ENV": "production", "HC_SECRET_KEYS": Self.productionSecret, "HC_BASE_URL": "https://hills.example",
                    "HC_SMTP_URL": "smtps://hc:pw@mail.example:465", "HC_MAIL_FROM": "Hills Clinic <noreply@hills.example>"]
        #expect {
            _ = try Configuration.load(from: base)
        } throws: { ($0 as? ConfigurationError)?.variable == "HC_DATABASE_URL" }
        var allowed = base
        allowed["HC_ALLOW_SQLITE_IN_PRODUCTION"] = "true"
        allowed["HC_AUDIT_CHECKPOINT_PATH"] = "/var/log/healthconnect/audit-checkpoints"
        #expect {
            _ = try Configuration.load(from: allowed)
        } throws: { ($0 as? ConfigurationError)?.variable == "HC_METRICS_TOKEN" }
        allowed["HC_METRICS_TOKEN"] = "short"
        #expect {
            _ = try Configuration.load(from: allowed)
        } throws: { ($0 as? ConfigurationError)?.variable == "HC_METRICS_TOKEN" }
        allowed["HC_METRICS_TOKEN"] = String(repeating: "ab", count: 16)
        #expect {
            _ = try Configuration.load(from: allowed)
        } throws: { ($0 as? ConfigurationError)?.variable == "HC_CLAMD_URL" }
        allowed["HC_CLAMD_URL"] = "unix:///run/clamav/clamd.ctl"
        #expect(try Configuration.load(from: allowed).environment == .production)
    }

    @Test("a complete production setup is accepted")
    func productionAccepted() throws {
        let configuration = try Configuration.load(from: [
            "HC_ENV": "production", "HC_SECRET_KEYS": Self.productionSecret, "HC_BASE_URL": "https://hills.example",
            "HC_DATABASE_URL": "postgresql://hc:s%40cret@db.internal:6432/hc?sslmode=require",
            "HC_TRUSTED_PROXIES": "10.0.0.0/8, fd00::/8",
            "HC_SMTP_URL": "smtp://hc:p%40ss@mail.example", "HC_MAIL_FROM": "Hills Clinic <noreply@hills.example>",
            "HC_METRICS_TOKEN": "0123456789abcdef0123456789abcdef01", "HC_JOBS_KEEP_SUCCEEDED_DAYS": "3",
            "HC_CLAMD_URL": "tcp://clamd.internal:3310", "HC_STORAGE_URL": "file:///srv/healthconnect/storage",
        ])
        #expect(configuration.clamd == .tcp(host: "clamd.internal", port: 3310))
        #expect(configuration.storageFolder == "/srv/healthconnect/storage")
        #expect(configuration.keepSucceededJobsDays == 3 && configuration.keepDeadJobsDays == 30)
        #expect(configuration.mail.transport == .smtp(SMTPServer(host: "mail.example", port: 587, security: .startTLS, username: "hc", password: "p@ss")))
        #expect(configuration.mail.from.name == "Hills Clinic")
        #expect(!configuration.mail.transport.description.contains("p@ss"))
        guard case .postgres(let location) = configuration.database else {
            Issue.record("expected PostgreSQL")
            return
        }
        #expect(location.password == "s@cret")
        #expect(location.port == 6432)
        #expect(location.requireTLS)
        #expect(configuration.trustedProxies.count == 2)
    }

    @Test("the database URL never prints its password")
    func databaseURLRedactsPassword() throws {
        let url = try DatabaseURL(parsing: "postgres://hc:TopSecret@db:5432/hc")
        #expect(!url.description.contains("TopSecret"))
        #expect(url.description == "postgres://hc:***@db:5432/hc")
    }

    @Test("a configuration error never echoes a secret key")
    func secretNotEchoed() {
        do {
            _ = try SecretKeyring(parsing: "k1:c2VjcmV0LXNob3J0")
            Issue.record("expected an error")
        } catch {
            #expect(!error.description.contains("c2VjcmV0LXNob3J0"))
        }
        #expect(SecretKeyring.development.description == "SecretKeyring(development)")
        let keyring = try? SecretKeyring(parsing: Self.productionSecret)
        #expect(keyring?.description == "SecretKeyring(k1, current k1)")
    }

    @Test("purpose keys differ from each other and from other root keys")
    func derivedKeysDiffer() throws {
        let keyring = try SecretKeyring(parsing: Self.productionSecret)
        let bytes = { (key: DerivedKey) in key.symmetricKey.withUnsafeBytes { Array($0) } }
        let sessions = bytes(keyring.currentKey(for: .sessions))
        #expect(sessions.count == 32)
        #expect(sessions != bytes(keyring.currentKey(for: .csrf)))
        #expect(sessions != bytes(SecretKeyring.development.currentKey(for: .sessions)))
    }

    @Test("the first key is current and older keys stay available by id")
    func rotation() throws {
        let fresh = SecretKeyring.generateEntry(id: "k2")
        let keyring = try SecretKeyring(parsing: "\(fresh), \(Self.productionSecret)")
        #expect(keyring.currentID == "k2")
        #expect(keyring.currentKey(for: .auditMAC).keyID == "k2")
        let old = try #require(keyring.key(for: .auditMAC, id: "k1"))
        let alone = try SecretKeyring(parsing: Self.productionSecret).currentKey(for: .auditMAC)
        #expect(old.symmetricKey.withUnsafeBytes { Array($0) } == alone.symmetricKey.withUnsafeBytes { Array($0) })
        #expect(keyring.key(for: .auditMAC, id: "k9") == nil)
    }

    @Test("URL-safe base64 without padding is accepted")
    func urlSafeBase64() throws {
        let keyring = try SecretKeyring(parsing: "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8")
        #expect(keyring.keys.count == 1)
    }

    @Test("production refuses to write mail only to files, or to send it from the development sender")
    func productionMail() {
        let base = ["HC_ENV": "production", "HC_SECRET_KEYS": Self.productionSecret, "HC_BASE_URL": "https://hills.example",
                    "HC_DATABASE_URL": "postgres://u@db/x"]
        #expect {
            _ = try Configuration.load(from: base.merging(["HC_MAIL_FROM": "Hills <noreply@hills.example>"]) { $1 })
        } throws: { ($0 as? ConfigurationError)?.variable == "HC_SMTP_URL" }
        #expect {
            _ = try Configuration.load(from: base.merging(["HC_SMTP_URL": "smtps://mail.example"]) { $1 })
        } throws: { ($0 as? ConfigurationError)?.variable == "HC_MAIL_FROM" }
    }

    @Test("mail settings: defaults, schemes and refusals", arguments: [
        (["HC_SMTP_URL": "http://mail.example"], "HC_SMTP_URL"),
        (["HC_SMTP_URL": "smtp://user@mail.example"], "HC_SMTP_URL"),
        (["HC_MAIL_FROM": "Hills <noreply@hills.example>\r\nBcc: x@y.example"], "HC_MAIL_FROM"),
        (["HC_MAIL_FROM": "not an address"], "HC_MAIL_FROM"),
        (["HC_SMTP_CA_FILE": "/nonexistent/ca.pem"], "HC_SMTP_CA_FILE"),
        (["HC_METRICS_TOKEN": "has a space in it but is long enough to pass"], "HC_METRICS_TOKEN"),
        (["HC_JOBS_KEEP_DEAD_DAYS": "0"], "HC_JOBS_KEEP_DEAD_DAYS"),
        (["HC_CLAMD_URL": "clamd.internal:3310"], "HC_CLAMD_URL"),
        (["HC_STORAGE_URL": "s3://bucket"], "HC_STORAGE_URL"),
    ])
    func mailRefusals(environment: [String: String], variable: String) {
        #expect {
            _ = try Configuration.load(from: environment)
        } throws: { ($0 as? ConfigurationError)?.variable == variable }
    }

    @Test("development mail goes to var/outbox; smtps defaults to port 465")
    func mailDefaults() throws {
        #expect(try Configuration.load(from: [:]).mail.transport == .outbox(directory: "var/outbox"))
        let implicit = try Configuration.load(from: ["HC_SMTP_URL": "smtps://relay.example"]).mail.transport
        #expect(implicit == .smtp(SMTPServer(host: "relay.example", port: 465, security: .implicitTLS)))
    }

    @Test("addresses refuse header injection and accept non-Latin display names")
    func addresses() {
        #expect(MailAddress(parsing: "سارة <sara@example.org>")?.name == "سارة")
        #expect(MailAddress(parsing: "\"Dr. Ruth\" <ruth@hills.example>")?.name == "Dr. Ruth")
        #expect(MailAddress(address: "a@b.example\r\nBcc: c@d.example") == nil)
        #expect(MailAddress(address: "no-at-sign.example") == nil)
        #expect(MailAddress(address: "two@@at.example") == nil)
        #expect(MailAddress(address: "user@localhost") == nil)
        #expect(MailAddress(address: "user@bücher.example") == nil, "IDN domains must arrive in punycode")
    }

    @Test("production refuses a key that was typed rather than generated")
    func productionRefusesWeakKey() {
        let typed = "k1:" + Data(String(repeating: "ab", count: 20).utf8).base64EncodedString()
        #expect(throws: ConfigurationError.self) {
            _ = try Configuration.load(from: ["HC_ENV": "production", "HC_SECRET_KEYS": typed,
                                              "HC_BASE_URL": "https://hills.example", "HC_DATABASE_URL": "postgres://u@db/x"])
        }
        #expect((try? Configuration.load(from: ["HC_SECRET_KEYS": typed])) != nil)
    }

    @Test("upload limits come from HC_UPLOAD_* in megabytes and whole numbers; anything else names the variable")
    func uploadLimits() throws {
        let defaults = try Configuration.load(from: [:]).uploadLimits
        #expect(defaults == UploadLimits() && defaults.archiveBytes == 500 << 20 && defaults.filesPerRequest == 10)
        let set = try Configuration.load(from: ["HC_UPLOAD_MAX_ARCHIVE_MB": "800", "HC_UPLOAD_MAX_MEGAPIXELS": "50",
                                                "HC_UPLOAD_MAX_FILES": "4", "HC_UPLOAD_FORM_QUOTA_MB": "2048"]).uploadLimits
        #expect(set.archiveBytes == 800 << 20 && set.imagePixels == 50_000_000 && set.filesPerRequest == 4 && set.bytesPerForm == 2048 << 20)
        #expect(set.largestBytes == 800 << 20)
        for bad in ["0", "-5", "1.5", "ten", "99999999"] {
            #expect(throws: ConfigurationError.self, "\(bad)") { _ = try Configuration.load(from: ["HC_UPLOAD_MAX_IMAGE_MB": bad]) }
        }
        #expect(Configuration.variables.contains { $0.name == "HC_UPLOAD_NETWORK_QUOTA_MB" })
    }

    @Test("the inquiry's shortest fill time is whole seconds from 0 to 60, 3 unless set")
    func inquiryShortestFill() throws {
        #expect(try Configuration.load(from: [:]).inquiryShortestFill == 3)
        #expect(try Configuration.load(from: ["HC_INQUIRY_MIN_FILL_SECONDS": "0"]).inquiryShortestFill == 0)
        for bad in ["-1", "61", "2.5", "soon"] {
            #expect(throws: ConfigurationError.self, "\(bad)") { _ = try Configuration.load(from: ["HC_INQUIRY_MIN_FILL_SECONDS": bad]) }
        }
        #expect(Configuration.variables.contains { $0.name == "HC_INQUIRY_MIN_FILL_SECONDS" })
    }

    @Test("every variable the configuration reads is in the list `healthconnect` and the README show")
    func everyVariableListed() throws {
        let source = try String(contentsOfFile: #filePath.replacingOccurrences(of: "Tests/CoreTests/ConfigurationTests.swift",
                                                                                with: "Sources/Core/Configuration/Configuration+Environment.swift"), encoding: .utf8)
        let read = Set(source.matches(of: /value\("(HC_[A-Z_]+)"\)/).map { String($0.output.1) })
        // HC_SECRET_KEY is read only to refuse it with a pointer to HC_SECRET_KEYS.
        let listed = Set(Configuration.variables.map(\.name) + ["HC_SECRET_KEY"])
        #expect(!read.isEmpty && read.subtracting(listed).isEmpty, "not listed: \(read.subtracting(listed).sorted())")
    }

    @Test("a CDN purge target is an http(s) URL without a query, PURGE unless told, its token never printed")
    func cdnPurge() throws {
        #expect(try Configuration.load(from: [:]).cdnPurge == nil)
        let target = try #require(try Configuration.load(from: ["HC_CDN_PURGE_URL": "http://cache.internal:8081/", "HC_CDN_PURGE_TOKEN": "s3cr3t-t0ken"]).cdnPurge)
        #expect(target == CDNPurgeTarget(url: "http://cache.internal:8081", method: "PURGE", token: "s3cr3t-t0ken"))
        #expect(!target.description.contains("s3cr3t"))
        #expect(try Configuration.load(from: ["HC_CDN_PURGE_URL": "https://cdn.example/purge", "HC_CDN_PURGE_METHOD": "DELETE"]).cdnPurge?.method == "DELETE")
        for bad in [["HC_CDN_PURGE_URL": "ftp://cache"], ["HC_CDN_PURGE_URL": "http://cache/?a=1"], ["HC_CDN_PURGE_URL": "cache.internal"],
                    ["HC_CDN_PURGE_URL": "http://cache", "HC_CDN_PURGE_METHOD": "purge it"], ["HC_CDN_PURGE_TOKEN": "orphan"],
                    ["HC_CDN_PURGE_URL": "http://cache", "HC_CDN_PURGE_TOKEN": "two words"]] {
            #expect(throws: ConfigurationError.self, "\(bad)") { _ = try Configuration.load(from: bad) }
        }
    }
}
