import Core
import Testing
import TestSupport
import Vapor
import VaporTesting

@Suite("The public site's locales")
struct PublicPagesTests {
    @Test("/ redirects with 302 and Vary to the preferred locale", arguments: [
        ("ar-SA,ar;q=0.9", "/ar/"), ("fa", "/fa/"), ("ru-RU", "/ru/"), ("en-GB", "/en/"), ("de", "/en/"),
    ])
    func redirect(acceptLanguage: String, location: String) async throws {
        try await withTestApp { app in
            try await app.testing().test(.GET, "/", headers: ["Accept-Language": acceptLanguage]) { res in
                #expect(res.status == .found)
                #expect(res.headers.first(name: .location) == location)
                #expect(res.headers.first(name: .vary) == "Accept-Language")
                #expect(res.headers.first(name: .cacheControl) == "no-store")
            }
        }
    }

    @Test("each locale has a home page in its language and direction", arguments: SiteLocale.allCases)
    func homePage(locale: SiteLocale) async throws {
        try await withTestApp { app in
            try await app.testing().test(.GET, "/\(locale.rawValue)/") { res in
                #expect(res.status == .ok)
                let html = res.text
                #expect(html.hasPrefix("<!DOCTYPE html><html lang=\"\(locale.rawValue)\" dir=\"\(locale.direction.rawValue)\">"))
                #expect(html.contains("class=\"skip-link "))
                #expect(html.contains("href=\"#main\">"))
                #expect(html.contains("<main id=\"main\""))
                for other in SiteLocale.allCases {
                    #expect(html.contains("<link rel=\"alternate\" hreflang=\"\(other.rawValue)\" href=\"http://127.0.0.1:8080/\(other.rawValue)/\">"))
                    #expect(html.contains("<a href=\"/\(other.rawValue)/\" lang=\"\(other.rawValue)\" hreflang=\"\(other.rawValue)\""))
                }
                #expect(html.contains("hreflang=\"x-default\""))
                #expect(html.contains("aria-current=\"true\""))
                #expect(html.contains(">\(locale.endonym)</a>"))
            }
        }
    }

    @Test("home pages are written in their own language")
    func ownLanguage() async throws {
        let headlines: [SiteLocale: String] = [
            .en: "Limb lengthening and deformity correction",
            .ar: "تطويل الأطراف وتصحيح التشوهات",
            .fa: "افزایش طول اندام و اصلاح ناهنجاری‌ها",
            .ru: "Удлинение конечностей и исправление деформаций",
        ]
        try await withTestApp { app in
            for (locale, headline) in headlines {
                try await app.testing().test(.GET, "/\(locale.rawValue)/") { res in
                    #expect(res.text.contains(">\(headline)</h1>"))
                }
            }
        }
    }

    @Test("home pages are public: cacheable and without cookies")
    func publicCaching() async throws {
        try await withTestApp { app in
            try await app.testing().test(.GET, "/en/") { res in
                #expect(res.headers.first(name: .cacheControl) == "public, max-age=300")
                #expect(res.headers[.setCookie].isEmpty)
            }
        }
    }

    @Test("an unknown locale is a 404 in the visitor's language")
    func unknownLocale() async throws {
        try await withTestApp { app in
            try await app.testing().test(.GET, "/xx/", headers: ["Accept-Language": "fa"]) { res in
                #expect(res.status == .notFound)
                #expect(res.text.contains("<html lang=\"fa\" dir=\"rtl\">"))
                #expect(res.text.contains("صفحه پیدا نشد"))
            }
        }
    }
}
