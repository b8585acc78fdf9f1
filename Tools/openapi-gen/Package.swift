// swift-tools-version:6.0
// Builds the OpenAPI generator once, apart from the app (its build plugin would rebuild the
// generator's dependencies on every clean build). scripts/openapi-gen.sh runs it on openapi.yaml
// and the output is committed in Sources/API/Generated.
import PackageDescription

let package = Package(
    name: "openapi-gen",
    dependencies: [
        .package(url: "https://github.com/apple/swift-openapi-generator", exact: "1.14.3"),
    ],
    targets: []
)
