import Foundation
import Markup

/// `/api/docs`: the API contract rendered by Swagger UI (from the drf-spectacular-sidecar
/// package, copied by `make assets`). Its stylesheet is a file and its start-up is our own
/// script, so the page runs under the same CSP as every other: no inline script or style.
/// Without JavaScript it links to the YAML itself.
public struct APIDocsPage: Node {
    let assets: AssetManifest

    /// What the page needs from the asset build.
    public static let requiredAssets = [
        "build/vendor/swagger-ui/swagger-ui.css", "build/vendor/swagger-ui/swagger-ui-bundle.js", "build/js/api-docs.js",
    ]
    static let contract = SafeURL.path("api", "openapi.yaml")

    public init(assets: AssetManifest) {
        self.assets = assets
    }

    public func render(into buffer: inout String) {
        Document(.lang("en"), .dir("ltr")) {
            head {
                meta(.charset("utf-8"))
                meta(.name("viewport"), .content("width=device-width, initial-scale=1"))
                meta(.name("robots"), .content("noindex"))
                title { "Health Connect API" }
                link(.rel("stylesheet"), .href(assets.url("build/vendor/swagger-ui/swagger-ui.css")))
                link(.rel("icon"), .href(assets.url("favicon.svg")), .type("image/svg+xml"))
                script(src: assets.url("build/vendor/swagger-ui/swagger-ui-bundle.js"), module: false)
                script(src: assets.url("build/js/api-docs.js"))
            }
            body {
                main(.id("swagger-ui"), .data("contract", Self.contract.value)) {
                    noscript {
                        p {
                            "Health Connect API. The contract, as OpenAPI 3.1: "
                            a(.href(Self.contract)) { "openapi.yaml" }
                        }
                    }
                }
            }
        }.render(into: &buffer)
    }
}
