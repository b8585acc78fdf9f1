// swift-tools-version:6.1
import PackageDescription

/// Health Connect: one binary serving a clinic's public site, CMS, patient portal and API.
///
/// Domain modules (Core, and later Jobs, Audit, Accounts, Content, Media, Portal) import
/// FluentKit and never Vapor; Web and App are the HTTP faces and the wiring.
let package = Package(
    name: "healthconnect",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "healthconnect", targets: ["healthconnect"])
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.4"),
        .package(url: "https://github.com/vapor/swift-openapi-vapor.git", from: "1.2.0"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.57.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/async-kit.git", from: "1.22.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        // Already in the graph through Vapor; named here so Media (which never imports Vapor) can speak S3.
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        .target(
            name: "Core",
            dependencies: [
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .target(name: "Markup"),
        .systemLibrary(
            name: "CQRencode",
            path: "Sources/CQRencode",
            pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"])]
        ),
        // Renditions and face covering are libvips's work; Swift calls a few plain C functions.
        .systemLibrary(
            name: "CVips",
            path: "Sources/CVips",
            pkgConfig: "vips",
            providers: [.apt(["libvips-dev"])]
        ),
        .target(name: "CImaging", dependencies: ["CVips"]),
        // Faces are found by OpenCV's Haar cascades (Debian's opencv-data) over pixels libvips decoded.
        .target(
            name: "CFaces",
            cxxSettings: [.unsafeFlags(["-I/usr/include/opencv4"])],
            linkerSettings: [
                .linkedLibrary("opencv_objdetect"), .linkedLibrary("opencv_imgproc"), .linkedLibrary("opencv_core"),
                .linkedLibrary("stdc++"),
            ]
        ),
        .target(
            name: "Accounts",
            dependencies: [
                "Core", "Audit", "Jobs", "Mail",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "Mail",
            dependencies: [
                "Core", "Markup", "Jobs",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Audit",
            dependencies: [
                "Core",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Jobs",
            dependencies: [
                "Core",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        // The CMS: the page tree, typed pages and blocks, rich text, revisions, locales, redirects.
        .target(
            name: "Content",
            dependencies: [
                "Core", "Audit", "Accounts", "Jobs", "Media",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
            ]
        ),
        // Uploads, their inspection and virus scan, object storage (a folder or S3), and the media
        // library: renditions, faces covered, consents.
        .target(
            name: "Media",
            dependencies: [
                "Core", "Audit", "Jobs", "Accounts", "CImaging", "CFaces",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        // The patient portal: inquiries and their triage, and later cases and messages.
        .target(
            name: "Portal",
            dependencies: [
                "Core", "Audit", "Jobs", "Accounts", "Media", "Mail",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // What both faces (Web and API) need from a request: its client address and id, its audit
        // origin, and the configured Accounts. Neither face depends on the other.
        .target(
            name: "HTTPSupport",
            dependencies: [
                "Core", "Accounts", "Audit", "Content", "Media", "Portal",
                .product(name: "Vapor", package: "vapor"),
            ]
        ),
        .target(
            name: "Web",
            dependencies: [
                "Core", "Markup", "Accounts", "Audit", "Content", "CQRencode", "HTTPSupport", "Media", "Portal",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The REST API: code generated from openapi.yaml (scripts/openapi-gen.sh, committed) and the
        // handlers that call the domain.
        .target(
            name: "API",
            dependencies: [
                "Core", "Accounts", "Audit", "HTTPSupport", "Portal", "Media",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIVapor", package: "swift-openapi-vapor"),
            ],
            exclude: ["openapi-generator-config.yaml", "Generated/openapi.yaml.sha256"]
        ),
        .target(
            name: "App",
            dependencies: [
                "Core", "Markup", "HTTPSupport", "Web", "API", "Jobs", "Audit", "Mail", "Accounts", "Media", "Portal", "Content",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                // Its connection pools' timeout error: a full pool is answered 503, not 500.
                .product(name: "AsyncKit", package: "async-kit"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .executableTarget(
            name: "healthconnect",
            dependencies: ["App"]
        ),
        .target(
            name: "TestSupport",
            dependencies: [
                "App", "Core", "Markup", "Accounts", "Jobs",
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Tests/TestSupport"
        ),
        .testTarget(name: "CoreTests", dependencies: ["Core"]),
        .testTarget(name: "ContentTests", dependencies: ["Content", "Core", "Audit", "Accounts", "Jobs", "Media", "App", "TestSupport"]),
        .testTarget(name: "MarkupTests", dependencies: ["Markup"]),
        .testTarget(
            name: "AccountsTests",
            dependencies: [
                "Accounts", "Core", "App", "Web", "Mail", "Jobs", "TestSupport",
                .product(name: "VaporTesting", package: "vapor"),
            ]
        ),
        .testTarget(name: "AuditTests", dependencies: ["Audit", "Core", "App", "Accounts", "TestSupport"]),
        .testTarget(
            name: "MediaTests",
            dependencies: [
                "Media", "Core", "App", "Web", "Accounts", "TestSupport",
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "PortalTests",
            dependencies: [
                "Portal", "Media", "Mail", "Jobs", "Audit", "Core", "App", "Web", "Accounts", "Content", "TestSupport",
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .testTarget(name: "MailTests", dependencies: ["Mail", "Core", "Jobs", "App", "TestSupport"]),
        .testTarget(name: "JobsTests", dependencies: ["Jobs", "Core", "App", "TestSupport"]),
        .testTarget(
            name: "AppTests",
            dependencies: [
                "App", "Core", "Web", "Accounts", "TestSupport",
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "AsyncKit", package: "async-kit"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
