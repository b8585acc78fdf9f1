import Accounts
@testable import App
@testable import Content
import Core
import FluentKit
import Foundation
import Testing
import TestSupport

@Suite("The demo site loads through the CMS's own rules")
struct DemoContentTests {
    @Test("every demo page in every locale is saved, published and answers; translations follow their English source; a second load adds nothing",
          arguments: TestDatabase.allCases)
    func loads(database: TestDatabase) async throws {
        try await withTestApp(database) { app in
            let demo = try DemoContent.load(from: packageRoot.path + "/Resources/")
            #expect(try await demo.seed(app) == demo.pages.count * SiteLocale.allCases.count)
            #expect(try await demo.seed(app) == 0)
            let pages = try await PageRecord.query(on: app.db).all()
            #expect(pages.allSatisfy { $0.live })
            let browser = TestBrowser(app)
            let editorID = try #require(try await UserRecord.query(on: app.db).filter(\.$emailNormalized == DemoContent.editorEmail).first()?.requireID())
            let editor = AccessActor.user(id: editorID, role: .editor, secondFactor: true)
            for page in pages {
                let url = ContentPageViewURL.encoded(page.urlPath)
                let response = try await browser.get(url)
                #expect(response.status == .ok, "\(page.urlPath)")
                if page.locale != .en {
                    let state = try await app.pages.translationState(of: page.requireID(), by: editor, origin: .none, on: app.db)
                    guard case .upToDate = state else {
                        Issue.record("\(page.urlPath) is \(state)")
                        continue
                    }
                }
            }
            let home = try await browser.get("/ar/").body.string
            #expect(home.contains("dir=\"rtl\"") && home.contains("href=\"/ar/inquiry\""))
        }
    }
}

/// Percent-encodes a stored path as a browser sends it.
enum ContentPageViewURL {
    static func encoded(_ path: String) -> String {
        "/" + path.split(separator: "/").map { $0.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_.~"))) ?? String($0) }
            .joined(separator: "/") + "/"
    }
}
