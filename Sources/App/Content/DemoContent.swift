import Accounts
import Audit
import Content
import Core
import Fluent
import Foundation
import HTTPSupport
import Vapor

/// The demo site `make run` shows: a small tree of pages in every locale (Resources/Demo/pages.json),
/// written in English and translated, each translation made from its source as an editor would,
/// and everything published. It is loaded only into a database without pages.
struct DemoContent: Decodable {
    struct Page: Decodable {
        let key: String
        let type: String
        let parent: String?
        let slugs: [String: String]
        let content: [String: Localized]
    }

    struct Localized: Decodable {
        struct DemoBlock: Decodable {
            let kind: String
            let value: [String: JSONValue]
        }
        let title: String
        let fields: [String: JSONValue]
        let blocks: [DemoBlock]
    }

    /// Snippets no page refers to by key: the currency rates the cost calculator reads.
    struct Snippet: Decodable {
        let kind: SnippetKind
        let locale: SiteLocale
        let fields: [String: JSONValue]
    }

    let pages: [Page]
    let snippets: [Snippet]?

    static let editorEmail = "editorial-team@demo.invalid"

    static func load(from directory: String) throws -> DemoContent {
        try load(file: directory + "Demo/pages.json")
    }

    static func load(file path: String) throws -> DemoContent {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try JSONDecoder().decode(DemoContent.self, from: data)
    }

    /// Loads the pages unless the site has some; returns how many were made.
    func seed(_ app: Application, now: Date = Date()) async throws -> Int {
        guard try await PageRecord.query(on: app.db).count() == 0 else { return 0 }
        let editor = try await Self.editor(app)
        let actor = AccessActor.user(id: editor, role: .editor, secondFactor: true)
        let origin = AuditOrigin(userAgent: "healthconnect/seed-demo")
        let pages = app.pages
        for snippet in snippets ?? [] {
            try await pages.saveSnippet(kind: snippet.kind, locale: snippet.locale, fields: snippet.fields, by: actor, origin: origin, on: app.db, now: now)
        }
        var made: [String: [SiteLocale: PageRecord]] = [:]
        var blockIDs: [String: [UUID]] = [:]
        for page in self.pages {
            guard let english = page.content["en"] else { throw CommandFailure("demo page \(page.key) has no English text") }
            let ids = english.blocks.map { _ in UUID() }
            blockIDs[page.key] = ids
            let source = try await pages.create(page.type, locale: .en, under: page.parent.flatMap { made[$0]?[.en]?.id }, slug: page.slugs["en"] ?? "",
                                                content: Self.content(english, ids: ids), by: actor, origin: origin, on: app.db, now: now)
            try await pages.publish(source.requireID(), by: actor, origin: origin, on: app.db, now: now)
            made[page.key, default: [:]][.en] = source
            for locale in SiteLocale.allCases where locale != .en {
                guard let text = page.content[locale.rawValue] else { continue }
                let translation = try await pages.translate(source.requireID(), into: locale, under: page.parent.flatMap { made[$0]?[locale]?.id },
                                                            slug: page.slugs[locale.rawValue] ?? "", by: actor, origin: origin, on: app.db, now: now)
                try await pages.save(translation.requireID(), content: Self.content(text, ids: ids), basedOn: translation.latestRevisionID,
                                     by: actor, origin: origin, on: app.db, now: now)
                try await pages.publish(translation.requireID(), by: actor, origin: origin, on: app.db, now: now)
                made[page.key, default: [:]][locale] = translation
            }
        }
        return made.values.map(\.count).reduce(0, +)
    }

    /// The translation keeps the source's block ids, so comparing it with its source lines blocks up.
    static func content(_ text: Localized, ids: [UUID]) -> PageContent {
        PageContent(title: text.title, fields: text.fields,
                    blocks: zip(text.blocks, ids).map { Block(id: $1, kind: $0.kind, value: $0.value) })
    }

    /// The demo's author: an editor account nobody signs in to until someone resets its password.
    static func editor(_ app: Application) async throws -> UUID {
        if let existing = try await UserRecord.query(on: app.db).filter(\.$emailNormalized == editorEmail).first() {
            return try existing.requireID()
        }
        let account = NewAccount(email: editorEmail, password: SecureToken.generate(), firstName: "Editorial", lastName: "team",
                                 locale: .en, role: .editor, emailVerified: true)
        return try await app.accounts.create(account, by: .operator(OperatorIdentity.current), origin: AuditOrigin(userAgent: "healthconnect/seed-demo"),
                                             on: app.db).requireID()
    }
}

/// `healthconnect seed-demo [--from FILE]`: loads the demo site (or a bundle of pages in the same
/// format) into a database without pages. Every page is saved and published through the CMS's
/// own rules, so a bundle is validated and its rich text sanitised like an editor's work.
struct SeedDemoCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "from", help: "A JSON file of pages in the format of Resources/Demo/pages.json (default: the demo site)")
        var from: String?
    }

    var help: String { "Loads the demo pages in every language into a site that has none." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let demo: DemoContent
        do {
            demo = try signature.from.map(DemoContent.load(file:)) ?? DemoContent.load(from: app.directory.resourcesDirectory)
        } catch {
            throw CommandFailure("cannot read the pages: \(error)")
        }
        let made: Int
        do {
            made = try await demo.seed(app)
        } catch let failure as ValidationFailure {
            let translations = app.webContext.translations
            throw CommandFailure(failure.fields.sorted { $0.key < $1.key }.map { "\($0.key): \(translations.translate($0.value, into: .en))" }
                .joined(separator: "; "))
        }
        context.console.print(made == 0 ? "The site has pages already: nothing loaded." : "Loaded \(made) demo pages in \(SiteLocale.allCases.count) languages.")
    }
}
