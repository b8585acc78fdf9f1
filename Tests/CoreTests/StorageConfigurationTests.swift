import Core
import Foundation
import Testing

@Suite("Storage configuration: HC_STORAGE_URL and its credentials")
struct StorageConfigurationTests {
    static let keyID = "0123456789abcdef0123456789abcdef"
    static let secret = "TopSecret/Storage+Key0123456789abcdefXYZ"

    static func load(_ url: String?, keyID: String? = Self.keyID, secret: String? = Self.secret) throws -> Configuration {
        var env: [String: String] = [:]
        env["HC_STORAGE_URL"] = url
        env["HC_STORAGE_ACCESS_KEY_ID"] = keyID
        env["HC_STORAGE_SECRET_ACCESS_KEY"] = secret
        return try Configuration.load(from: env)
    }

    @Test("unset is the local folder var/storage; file:// names another folder")
    func folders() throws {
        #expect(try Self.load(nil, keyID: nil, secret: nil).storage == .folder("var/storage"))
        let configuration = try Self.load("file:///srv/hc/storage", keyID: nil, secret: nil)
        #expect(configuration.storage == .folder("/srv/hc/storage"))
        #expect(configuration.storageFolder == "/srv/hc/storage")
    }

    @Test("an R2 bucket: region auto and virtual-hosted style by default, no server-side encryption header")
    func r2Bucket() throws {
        let configuration = try Self.load("s3://hc-media?endpoint=https://abc123.r2.cloudflarestorage.com")
        #expect(
            configuration.storage
                == .s3(
                    S3Location(
                        bucket: "hc-media", endpoint: URL(string: "https://abc123.r2.cloudflarestorage.com")!, region: "auto",
                        style: .virtual,
                        accessKeyID: Self.keyID, secretAccessKey: Self.secret, serverSideEncryption: nil
                    )))
    }

    @Test("an AWS bucket with its region, path style and AES256; a local MinIO defaults to path style")
    func awsAndLocal() throws {
        let aws = try Self.load("s3://hc.media?endpoint=https://s3.eu-central-1.amazonaws.com/&region=eu-central-1&style=path&sse=AES256")
        guard case .s3(let location) = aws.storage else {
            Issue.record("expected a bucket")
            return
        }
        #expect(location.bucket == "hc.media" && location.region == "eu-central-1" && location.style == .path)
        #expect(location.endpoint.absoluteString == "https://s3.eu-central-1.amazonaws.com")
        #expect(location.serverSideEncryption == "AES256")
        for endpoint in ["http://127.0.0.1:9000", "http://localhost:9000", "http://[::1]:9000"] {
            guard case .s3(let local) = try Self.load("s3://hc-test?endpoint=\(endpoint)").storage else {
                Issue.record("expected a bucket for \(endpoint)")
                continue
            }
            #expect(local.style == .path, "\(endpoint)")
            #expect(local.endpoint.absoluteString == endpoint)
        }
    }

    @Test(
        "each bad storage setting names its variable, and no message repeats the secret",
        arguments: [
            ("ftp://files", "HC_STORAGE_URL"),
            ("s3://hc-media", "HC_STORAGE_URL"),
            ("s3://Bad_Bucket?endpoint=https://r2.example", "HC_STORAGE_URL"),
            ("s3://hc?endpoint=https://r2.example", "HC_STORAGE_URL"),
            ("s3://hc-media/prefix?endpoint=https://r2.example", "HC_STORAGE_URL"),
            ("s3://hc-media?endpoint=ftp://r2.example", "HC_STORAGE_URL"),
            ("s3://hc-media?endpoint=https://r2.example/path", "HC_STORAGE_URL"),
            ("s3://hc-media?endpoint=https://r2.example&style=sideways", "HC_STORAGE_URL"),
            ("s3://hc-media?endpoint=http://127.0.0.1:9000&style=virtual", "HC_STORAGE_URL"),
            ("s3://hc-media?endpoint=https://r2.example&sse=rot13", "HC_STORAGE_URL"),
            ("s3://hc-media?endpoint=https://r2.example&region=eu central", "HC_STORAGE_URL"),
            ("s3://hc-media?endpoint=https://r2.example&bukket=x", "HC_STORAGE_URL"),
            ("s3://key:TopSecret@hc-media?endpoint=https://r2.example", "HC_STORAGE_URL"),
        ])
    func badValues(url: String, variable: String) {
        #expect {
            _ = try Self.load(url)
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.variable == variable && !error.description.contains("TopSecret")
        }
    }

    @Test("s3:// needs both credentials; credentials without s3:// are refused rather than ignored")
    func credentials() {
        let bucket = "s3://hc-media?endpoint=https://r2.example"
        for (keyID, secret, variable) in [
            (nil, Self.secret, "HC_STORAGE_ACCESS_KEY_ID"), (Self.keyID, nil, "HC_STORAGE_SECRET_ACCESS_KEY"),
            ("has space", Self.secret, "HC_STORAGE_ACCESS_KEY_ID"),
        ] {
            #expect { _ = try Self.load(bucket, keyID: keyID, secret: secret) } throws: {
                ($0 as? ConfigurationError)?.variable == variable
            }
        }
        #expect { _ = try Self.load(nil, keyID: nil) } throws: { ($0 as? ConfigurationError)?.variable == "HC_STORAGE_SECRET_ACCESS_KEY" }
        #expect { _ = try Self.load("file://var/storage", secret: nil) } throws: {
            ($0 as? ConfigurationError)?.variable == "HC_STORAGE_ACCESS_KEY_ID"
        }
    }

    @Test("the configuration never prints the secret access key")
    func redaction() throws {
        let configuration = try Self.load("s3://hc-media?endpoint=https://r2.example&sse=AES256")
        #expect(
            configuration.storage.description
                == "s3://hc-media?endpoint=https://r2.example&region=auto&style=virtual&sse=AES256 (access key \(Self.keyID), secret ***)")
        for text in [String(describing: configuration), String(reflecting: configuration), "\(configuration.storage)"] {
            #expect(!text.contains(Self.secret) && text.contains("secret ***"), "\(text)")
        }
    }
}
