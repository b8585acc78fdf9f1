import Core
import Testing
import TestSupport
import Vapor
import VaporTesting

@Suite("The style guide and its demo form")
struct StyleGuideTests {
    /// Opens the style guide and returns its session cookie and CSRF token.
    static func open(_ app: Application, locale: String = "en") async throws -> (cookie: String, token: String) {
        var result: (String, String)?
        try await app.testing().test(.GET, "/\(locale)/styleguide") { res in
            #expect(res.status == .ok)
            let cookie = try #require(res.setCookie(named: "hc_session"))
            let token = try #require(res.text.range(of: #"name="csrf_token" value="([^"]+)""#, options: .regularExpression)
                .map { String(res.text[$0].dropFirst("name=\"csrf_token\" value=\"".count).dropLast()) })
            result = (String(cookie.prefix { $0 != ";" }), token)
        }
        return try #require(result)
    }

    @Test("every component is on the page, which search engines are told to skip", arguments: SiteLocale.allCases)
    func components(locale: SiteLocale) async throws {
        try await withTestApp { app in
            try await app.testing().test(.GET, "/\(locale.rawValue)/styleguide") { res in
                let html = res.text
                #expect(html.contains("<meta name=\"robots\" content=\"noindex\">"))
                #expect(!html.contains("rel=\"canonical\""))
                for marker in ["<dialog id=\"sg-modal\"", "command=\"show-modal\"", "<details", "data-tabs", "aria-current=\"page\"",
                               "role=\"alert\"", "role=\"status\"", "aria-describedby=\"field-name-hint\"", "rel=\"next\"", "<svg"] {
                    #expect(html.contains(marker), "\(marker) missing")
                }
                #expect(res.headers.first(name: .cacheControl) == "no-store")
            }
        }
    }

    @Test("the demo form reports every problem, linked from the summary and tied to its field", arguments: TestDatabase.allCases)
    func invalidForm(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let (cookie, token) = try await Self.open(app)
            try await app.testing().test(.POST, "/en/styleguide", headers: .form(cookie: cookie),
                                         body: ByteBuffer(string: "name=&email=nope&age=abc&csrf_token=\(token)")) { res in
                #expect(res.status == .unprocessableEntity)
                let html = res.text
                #expect(html.contains("data-error-summary"))
                for field in ["name", "email", "age"] {
                    #expect(html.contains("href=\"#field-\(field)\""), "summary link to \(field)")
                    #expect(html.contains("id=\"field-\(field)-error\""), "error of \(field)")
                }
                #expect(html.contains("aria-invalid=\"true\""))
                #expect(html.contains("value=\"nope\""), "what the visitor typed is kept")
            }
        }
    }

    @Test("ages typed in Persian or Arabic-Indic digits are accepted", arguments: ["۳۴", "٣٤", "34"])
    func digits(age: String) async throws {
        try await withTestApp { app in
            let (cookie, token) = try await Self.open(app, locale: "fa")
            let encoded = age.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? age
            try await app.testing().test(.POST, "/fa/styleguide", headers: .form(cookie: cookie),
                                         body: ByteBuffer(string: "name=Layla&email=layla%40example.org&age=\(encoded)&csrf_token=\(token)")) { res in
                #expect(res.status == .ok)
                #expect(!res.text.contains("data-error-summary"))
                #expect(res.text.contains("role=\"status\""))
            }
        }
    }

    @Test("the demo form refuses a post without the CSRF token")
    func csrf() async throws {
        try await withTestApp { app in
            let (cookie, _) = try await Self.open(app)
            try await app.testing().test(.POST, "/en/styleguide", headers: .form(cookie: cookie),
                                         body: ByteBuffer(string: "name=x&email=a%40b.c&age=3")) { res in
                #expect(res.status == .forbidden)
            }
        }
    }
}

@Suite("htmx on the style guide's form")
struct StyleGuideHTMXTests {
    @Test("the page loads htmx with eval off and no inline styles")
    func configuration() async throws {
        try await withTestApp { app in
            try await app.testing().test(.GET, "/en/styleguide") { res in
                #expect(res.text.contains("<meta name=\"htmx-config\" content=\"{&quot;allowEval&quot;:false,&quot;allowScriptTags&quot;:false,&quot;includeIndicatorStyles&quot;:false,&quot;selfRequestsOnly&quot;:true"))
                #expect(res.text.contains("hx-post=\"/en/styleguide#sg-form-section\""))
                #expect(!res.text.contains("hx-on"))
            }
            try await app.testing().test(.GET, "/en/") { res in
                #expect(!res.text.contains("htmx"), "pages without htmx forms do not load it")
            }
        }
    }

    @Test("an htmx post gets the form alone, rendered by the same component", arguments: TestDatabase.allCases)
    func fragment(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let (cookie, token) = try await StyleGuideTests.open(app)
            var headers = HTTPHeaders.form(cookie: cookie)
            headers.add(name: "HX-Request", value: "true")
            try await app.testing().test(.POST, "/en/styleguide", headers: headers,
                                         body: ByteBuffer(string: "name=&email=a%40b.org&age=40&csrf_token=\(token)")) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.hasPrefix("<div id=\"sg-demo-form\""))
                #expect(!res.text.contains("<html"))
                #expect(res.text.contains("href=\"#field-name\""))
                #expect(res.headers.first(name: .vary) == "HX-Request")
            }
        }
    }
}
