import Core
import Foundation
import Testing
import TestSupport
import Vapor
import VaporTesting

@Suite("Cookie consent and analytics configuration")
struct ConsentTests {
    static let analytics = AnalyticsConfiguration(serverURL: URL(string: "https://stats.hills.example/")!, siteID: "abc-123")

    @Test("without analytics there is no banner, no consent script and no extra CSP source")
    func notConfigured() async throws {
        try await withTestApp { app in
            try await app.testing().test(.GET, "/en/") { res in
                #expect(!res.text.contains("cookie-consent"))
                #expect(!res.text.contains("consent."))
                #expect(res.headers.first(name: "Content-Security-Policy")?.contains("stats.hills.example") == false)
            }
            try await app.testing().test(.GET, "/en/privacy/cookies") { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("We do not count page views on this site."))
            }
        }
    }

    @Test("with analytics the banner waits hidden and the CSP names the server for scripts and beacons")
    func configured() async throws {
        try await withTestApp(adjust: { $0.analytics = Self.analytics }) { app in
            try await app.testing().test(.GET, "/ar/") { res in
                let html = res.text
                #expect(html.contains("<section id=\"cookie-consent\" hidden"))
                #expect(html.contains("data-analytics-script=\"https://stats.hills.example/script.js\""))
                #expect(html.contains("data-analytics-site=\"abc-123\""))
                #expect(!html.contains("<script src=\"https://stats"), "the tracker is never in the page itself")
                let csp = try #require(res.headers.first(name: "Content-Security-Policy"))
                #expect(csp.contains("script-src 'self' https://stats.hills.example;"))
                #expect(csp.contains("connect-src 'self' https://stats.hills.example;"))
                #expect(res.headers.first(name: .cacheControl) == "public, max-age=300", "the page stays cacheable")
            }
            try await app.testing().test(.GET, "/fa/privacy/cookies") { res in
                #expect(res.text.contains("data-consent-page"))
                #expect(res.text.contains("data-consent=\"essential\""))
            }
        }
    }

    @Test("analytics settings are checked", arguments: [
        (["HC_ANALYTICS_URL": "https://stats.example.org"], "HC_ANALYTICS_SITE_ID"),
        (["HC_ANALYTICS_SITE_ID": "abc"], "HC_ANALYTICS_URL"),
        (["HC_ANALYTICS_URL": "javascript:alert(1)", "HC_ANALYTICS_SITE_ID": "abc"], "HC_ANALYTICS_URL"),
        (["HC_ANALYTICS_URL": "https://stats.example.org", "HC_ANALYTICS_SITE_ID": "a\"b"], "HC_ANALYTICS_SITE_ID"),
    ])
    func validation(environment: [String: String], variable: String) {
        #expect {
            _ = try Configuration.load(from: environment)
        } throws: { ($0 as? ConfigurationError)?.variable == variable }
    }

    @Test("production wants the analytics server over HTTPS")
    func productionHTTPS() {
        #expect {
            _ = try Configuration.load(from: [
                "HC_ENV": "production", "HC_SECRET_KEYS": "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", "HC_BASE_URL": "https://hills.example",
                "HC_DATABASE_URL": "postgres://u@db/hc", "HC_ANALYTICS_URL": "http://stats.example.org", "HC_ANALYTICS_SITE_ID": "abc",
                "HC_SMTP_URL": "smtps://mail.example", "HC_MAIL_FROM": "Hills Clinic <noreply@hills.example>",
            ])
        } throws: { ($0 as? ConfigurationError)?.variable == "HC_ANALYTICS_URL" }
    }
}
