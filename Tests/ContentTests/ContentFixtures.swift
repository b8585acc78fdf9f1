import Accounts
@testable import App
import Audit
@testable import Content
import Core
import FluentKit
import Foundation
import Testing
import TestSupport
import Vapor

/// People and pages the CMS suites share.
struct ContentFixtures {
    let app: Application
    let editor: AccessActor
    let editorID: UUID
    let origin = AuditOrigin(clientIP: "198.51.100.20")

    init(_ app: Application, role: AccountRole = .editor) async throws {
        self.app = app
        let (user, _) = try await TestAccounts.account(app, role: role, secondFactor: false)
        editorID = try user.requireID()
        editor = .user(id: editorID, role: role, secondFactor: true)
    }

    var pages: Pages { app.pages }

    /// Another member of staff with a second factor.
    func person(_ role: AccountRole, firstName: String = "Maryam") async throws -> AccessActor {
        let (user, _) = try await TestAccounts.account(app, role: role, secondFactor: false)
        user.firstName = firstName
        try await user.update(on: app.db)
        return .user(id: try user.requireID(), role: role, secondFactor: true)
    }

    static func method(_ title: String = "Internal lengthening nail", summary: String = "A nail inside the bone, lengthened from outside the body.",
                       blocks: [Block] = []) -> PageContent {
        PageContent(title: title, fields: [
            "summary": .string(summary),
            "how_it_works": "<p>The surgeon places a telescopic nail inside the bone.</p>",
            "who_it_suits": "<p>Adults whose bones are wide enough for the nail.</p>",
            "risks": "<p>Joint stiffness, nerve irritation and slow bone healing.</p>",
            "cost_min": 18_000, "cost_max": 30_000, "currency": "EUR",
        ], blocks: blocks)
    }

    static func text(_ html: String) -> Block {
        Block(kind: "rich_text", value: ["body": .string(html)])
    }

    /// A published home page and a published section under it.
    func site(_ locale: SiteLocale = .en, now: Date = Date()) async throws -> (home: PageRecord, methods: PageRecord) {
        let home = try await pages.create("HomePage", locale: locale, under: nil, slug: "", content: PageContent(title: "Hills Clinic", fields: [
            "intro": "Limb lengthening and deformity correction.",
        ]), by: editor, origin: origin, on: app.db, now: now)
        try await pages.publish(home.requireID(), by: editor, origin: origin, on: app.db, now: now)
        let methods = try await pages.create("ProcedurePage", locale: locale, under: home.requireID(), slug: locale == .en ? "methods" : "الطرق",
                                             content: PageContent(title: "Methods", fields: ["summary": "The three methods we use."]),
                                             by: editor, origin: origin, on: app.db, now: now)
        try await pages.publish(methods.requireID(), by: editor, origin: origin, on: app.db, now: now)
        return (home, methods)
    }

    /// A page created and published under `parent` in English.
    @discardableResult
    func published(_ type: String, under parent: PageRecord, slug: String, content: PageContent) async throws -> PageRecord {
        let page = try await pages.create(type, locale: .en, under: parent.requireID(), slug: slug, content: content, by: editor, origin: origin, on: app.db)
        try await pages.publish(page.requireID(), by: editor, origin: origin, on: app.db)
        return page
    }

    func reload(_ page: PageRecord) async throws -> PageRecord {
        try #require(try await PageRecord.find(page.requireID(), on: app.db))
    }
}
