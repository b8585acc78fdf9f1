import Core
import Foundation
import Markup

/// Writes `MailContent` as plain text and as HTML in the reader's language and direction.
/// The HTML is plain semantic markup, built with Markup so every value is escaped: mail clients
/// strip most CSS anyway, and unstyled text reads well on any phone in either direction.
enum MailLayout {
    static func text(_ content: MailContent) -> String {
        var blocks: [String] = []
        if let greeting = content.greeting { blocks.append(greeting) }
        blocks.append(contentsOf: content.paragraphs)
        if let action = content.action { blocks.append(action.label + ":\n" + action.url.absoluteString) }
        blocks.append("-- \n" + content.footer)
        return blocks.joined(separator: "\n\n") + "\n"
    }

    static func html(_ content: MailContent, locale: SiteLocale) -> String {
        Document(.lang(locale.languageTag), .dir(locale.direction.rawValue)) {
            head {
                meta(.charset("utf-8"))
                meta(.name("viewport"), .content("width=device-width, initial-scale=1"))
                title { content.subject }
            }
            body {
                if let greeting = content.greeting { p { greeting } }
                for paragraph in content.paragraphs { p { paragraph } }
                if let action = content.action, let url = SafeURL(action.url.absoluteString) {
                    p { a(.href(url)) { strong { action.label } } }
                }
                hr()
                p { small { content.footer } }
            }
        }.render()
    }
}
