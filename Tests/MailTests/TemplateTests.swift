import Core
import Foundation
@testable import Mail
import Testing
import TestSupport

@Suite("Mail templates")
struct TemplateTests {
    static func renderer() throws -> MailRenderer {
        let translations = try Translations.load(from: packageRoot.appendingPathComponent("Resources/Locales"))
        return MailRenderer(from: MailAddress(address: "noreply@hills.example", name: "Hills Clinic")!, translations: translations,
                            baseURL: URL(string: "https://hills.example")!, templates: [TestMailTemplate()])
    }

    @Test("each locale gets its language, direction and links built from HC_BASE_URL", arguments: SiteLocale.allCases)
    func locales(locale: SiteLocale) throws {
        let request = MailRequest(template: TestMailTemplate.name, locale: locale, to: MailAddress(address: "p@example.org")!,
                                  parameters: ["first_name": "<Sara>"], messageID: "<1@hills.example>")
        let message = try Self.renderer().render(request)
        #expect(message.html.contains("<html lang=\"\(locale.rawValue)\" dir=\"\(locale.direction.rawValue)\">"))
        #expect(message.html.contains("href=\"https://hills.example/\(locale.rawValue)/\""))
        #expect(message.text.contains("https://hills.example/\(locale.rawValue)/"))
        #expect(message.html.contains("&lt;Sara&gt;") && !message.html.contains("<Sara>"), "names are escaped in HTML")
        #expect(message.text.contains("<Sara>"), "and left as they are in plain text")
        if locale != .en {
            #expect(message.subject != "Test message from Health Connect", "the subject is translated")
        }
    }

    @Test("an unknown template fails the job rather than sending something else")
    func unknownTemplate() throws {
        let request = MailRequest(template: "nope", locale: .en, to: MailAddress(address: "p@example.org")!, messageID: "<2@x.example>")
        #expect(throws: MailTemplateError.self) { try Self.renderer().render(request) }
    }
}
