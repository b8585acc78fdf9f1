import Foundation

/// Where uploads, previews and renditions are stored (`HC_STORAGE_URL`): a local folder, or a bucket
/// of an S3-compatible store.
public enum StorageLocation: Sendable, Equatable, CustomStringConvertible {
    /// `file://folder`: files under a folder on this machine, served by the app itself.
    case folder(String)
    /// `s3://bucket?endpoint=…`: objects in a bucket, served by the store through presigned URLs.
    case s3(S3Location)

    /// A form safe to print and log: never the secret access key.
    public var description: String {
        switch self {
        case .folder(let path): "file://\(path)"
        case .s3(let location): location.description
        }
    }
}

/// A bucket of an S3-compatible store (AWS S3, Cloudflare R2, MinIO…) and the key that may use it.
public struct S3Location: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// How an object's URL names the bucket.
    public enum Style: String, Sendable, CaseIterable {
        /// `https://endpoint/bucket/key`: works with any host name or IP address.
        case path
        /// `https://bucket.endpoint/key`: what AWS prefers; needs DNS (and a certificate) for the subdomain.
        case virtual
    }

    public var bucket: String
    /// The store's address, scheme and host (and port), without a path: `https://<account>.r2.cloudflarestorage.com`.
    public var endpoint: URL
    /// The region requests are signed for: `auto` for R2, `eu-central-1` and so on for AWS.
    public var region: String
    public var style: Style
    public var accessKeyID: String
    /// Never printed: `description` leaves it out, and no error message repeats it.
    public var secretAccessKey: String
    /// The `x-amz-server-side-encryption` value sent (and signed) with every upload, e.g. `AES256`;
    /// nil sends none, since some stores (R2) refuse the header while encrypting everything anyway.
    public var serverSideEncryption: String?

    public init(
        bucket: String, endpoint: URL, region: String = "auto", style: Style, accessKeyID: String, secretAccessKey: String,
        serverSideEncryption: String? = nil
    ) {
        self.bucket = bucket
        self.endpoint = endpoint
        self.region = region
        self.style = style
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.serverSideEncryption = serverSideEncryption
    }

    /// The `x-amz-server-side-encryption` values accepted in `sse=`.
    public static let serverSideEncryptions = ["AES256", "aws:kms"]

    /// The style used when `style=` is not given: path-style for an IP address or `localhost` (no
    /// subdomains there), virtual-hosted otherwise.
    public static func defaultStyle(for endpoint: URL) -> Style {
        guard let host = endpoint.host?.lowercased() else { return .path }
        let isIP = IPNetwork(host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))) != nil
        return isIP || host == "localhost" || host.hasSuffix(".localhost") ? .path : .virtual
    }

    /// `s3://bucket?endpoint=…&region=…&style=…`, the key id and `***` for the secret.
    public var description: String {
        var items = ["endpoint=\(endpoint.absoluteString)", "region=\(region)", "style=\(style.rawValue)"]
        if let serverSideEncryption { items.append("sse=\(serverSideEncryption)") }
        return "s3://\(bucket)?\(items.joined(separator: "&")) (access key \(accessKeyID), secret ***)"
    }

    public var debugDescription: String { description }
}

extension StorageLocation {
    /// Parses `HC_STORAGE_URL` (nil: the default folder) with the credentials an `s3://` location needs.
    /// Messages never repeat the secret, nor an `s3://` URL that might hold one.
    static func load(url raw: String?, accessKeyID: String?, secretAccessKey: String?) throws(ConfigurationError) -> StorageLocation {
        if let raw, raw.hasPrefix("s3://") {
            return .s3(try S3Location(parsing: raw, accessKeyID: accessKeyID, secretAccessKey: secretAccessKey))
        }
        var folder = Configuration.defaultStorageFolder
        if let raw {
            guard raw.hasPrefix("file://"), raw.count > "file://".count else {
                // Not echoed when it might hold a password (user:secret@host).
                let shown = raw.contains("@") ? "" : ", not '\(raw)'"
                throw ConfigurationError(
                    "HC_STORAGE_URL", "must be file://folder (a local folder) or s3://bucket?endpoint=https://…\(shown)")
            }
            folder = String(raw.dropFirst("file://".count))
        }
        // Credentials for a bucket that is not used: most likely HC_STORAGE_URL is missing or misspelt,
        // and uploads would land on this machine's disk instead.
        for (name, value) in [("HC_STORAGE_ACCESS_KEY_ID", accessKeyID), ("HC_STORAGE_SECRET_ACCESS_KEY", secretAccessKey)]
        where value != nil {
            throw ConfigurationError(name, "is set, but HC_STORAGE_URL is not an s3:// bucket, so it would not be used")
        }
        return .folder(folder)
    }
}

extension S3Location {
    /// `s3://bucket?endpoint=https://…[&region=auto][&style=path|virtual][&sse=AES256]`.
    init(parsing raw: String, accessKeyID: String?, secretAccessKey: String?) throws(ConfigurationError) {
        func fail(_ problem: String) -> ConfigurationError { ConfigurationError("HC_STORAGE_URL", problem) }
        guard let components = URLComponents(string: raw) else {
            throw fail("is not a URL; expected s3://bucket?endpoint=https://…&region=…")
        }
        if components.user != nil || components.password != nil {
            throw fail("must not hold credentials; set HC_STORAGE_ACCESS_KEY_ID and HC_STORAGE_SECRET_ACCESS_KEY instead")
        }
        let bucket = components.host ?? ""
        guard Self.isValidBucket(bucket), components.port == nil, components.path.isEmpty || components.path == "/" else {
            throw fail(
                "s3:// must be followed by a bucket name alone (3 to 63 lower-case letters, digits, '.' and '-'), e.g. s3://hc-media?endpoint=https://…"
            )
        }
        var query: [String: String] = [:]
        for item in components.queryItems ?? [] {
            guard ["endpoint", "region", "style", "sse"].contains(item.name) else {
                throw fail("unknown parameter '\(item.name)'; s3:// takes endpoint, region, style and sse")
            }
            guard query[item.name] == nil else { throw fail("gives '\(item.name)' twice") }
            query[item.name] = item.value ?? ""
        }
        guard let rawEndpoint = query["endpoint"] else {
            throw fail(
                "needs the store's address, e.g. s3://\(bucket)?endpoint=https://<account>.r2.cloudflarestorage.com or ?endpoint=https://s3.eu-central-1.amazonaws.com&region=eu-central-1"
            )
        }
        guard let endpoint = URL(string: rawEndpoint), let scheme = endpoint.scheme?.lowercased(), scheme == "http" || scheme == "https",
            endpoint.host?.isEmpty == false, endpoint.user == nil, endpoint.path.isEmpty || endpoint.path == "/",
            endpoint.query == nil, endpoint.fragment == nil
        else {
            throw fail("endpoint must be http:// or https:// and a host (and port) alone, not '\(rawEndpoint)'")
        }
        let region = query["region"] ?? "auto"
        guard !region.isEmpty, region.count <= 64, region.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            throw fail("region must be letters, digits and '-' (auto for R2, e.g. eu-central-1 for AWS), not '\(region)'")
        }
        let style: Style
        if let raw = query["style"] {
            guard let parsed = Style(rawValue: raw) else { throw fail("style must be path or virtual, not '\(raw)'") }
            style = parsed
        } else {
            style = Self.defaultStyle(for: endpoint)
        }
        if style == .virtual, Self.defaultStyle(for: endpoint) == .path {
            throw fail("style=virtual needs a host name, and \(endpoint.host ?? "") has no subdomains; use style=path")
        }
        let sse = query["sse"]
        if let sse, !Self.serverSideEncryptions.contains(sse) {
            throw fail("sse must be \(Self.serverSideEncryptions.joined(separator: " or ")), not '\(sse)'")
        }
        guard let accessKeyID, !accessKeyID.isEmpty else {
            throw ConfigurationError("HC_STORAGE_ACCESS_KEY_ID", "must be set when HC_STORAGE_URL is an s3:// bucket")
        }
        guard accessKeyID.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && $0 != "/" }) else {
            throw ConfigurationError("HC_STORAGE_ACCESS_KEY_ID", "must be printable ASCII without spaces or '/'")
        }
        guard let secretAccessKey, !secretAccessKey.isEmpty else {
            throw ConfigurationError("HC_STORAGE_SECRET_ACCESS_KEY", "must be set when HC_STORAGE_URL is an s3:// bucket")
        }
        let host = endpoint.host!.contains(":") && !endpoint.host!.hasPrefix("[") ? "[\(endpoint.host!)]" : endpoint.host!
        let root = URL(string: "\(scheme)://\(host)\(endpoint.port.map { ":\($0)" } ?? "")")!
        self.init(
            bucket: bucket, endpoint: root, region: region, style: style, accessKeyID: accessKeyID,
            secretAccessKey: secretAccessKey, serverSideEncryption: sse)
    }

    /// S3's bucket naming rules (3 to 63 of `a-z 0-9 . -`, a letter or digit at each end), which also
    /// keep the name a valid host name label for virtual-hosted style.
    static func isValidBucket(_ name: String) -> Bool {
        let allowed = name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "-" }
        let ends = [name.unicodeScalars.first, name.unicodeScalars.last].allSatisfy {
            $0.map { ("a"..."z").contains($0) || ("0"..."9").contains($0) } ?? false
        }
        return (3...63).contains(name.count) && allowed && ends && !name.contains("..")
    }
}

extension S3Location {
    /// The endpoint's scheme, `https` unless it says otherwise.
    public var scheme: String { endpoint.scheme?.lowercased() ?? "https" }

    /// The endpoint's host as a `Host` header writes it: IPv6 in brackets, a port only when it is
    /// not the scheme's default.
    public var hostAndPort: String { endpoint.hostHeader ?? "" }

    /// The host objects are served from: the bucket's own name in virtual style.
    public var objectHost: String { style == .virtual ? "\(bucket).\(hostAndPort)" : hostAndPort }

    /// Where presigned URLs point (`https://bucket.host` or `https://host`): the origin a page's
    /// Content-Security-Policy must allow images from, for previews served by the store.
    public var objectOrigin: String { "\(scheme)://\(objectHost)" }
}
