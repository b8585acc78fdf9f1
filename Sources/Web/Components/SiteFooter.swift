import Content
import Core
import Foundation
import Markup

/// The footer: every section of the site in its language, the legal texts, the medical
/// disclaimer and the copyright line, dated in the Gregorian calendar.
struct SiteFooter: Node {
    let chrome: PageChrome
    let siteName: String

    func render(into buffer: inout String) {
        let t = chrome.localizer
        let locale = chrome.locale
        let year = DateFormatting.year(of: Date(), locale: locale)
        let sections = chrome.menu?.sections ?? []
        let legal = chrome.menu?.legal ?? []
        let linkClass = "inline-flex min-h-11 min-w-11 items-center font-semibold text-ink underline-offset-4 hover:underline"
        footer(.class("mt-auto border-t border-line bg-white")) {
            div(.class("mx-auto flex max-w-6xl flex-col gap-4 px-4 py-8 text-sm text-muted sm:px-6")) {
                if !sections.isEmpty {
                    nav(.aria(.label, t.t("Sections of the site"))) {
                        ul(.class("grid gap-x-6 sm:grid-cols-2 lg:grid-cols-4")) {
                            for section in sections {
                                li { a(.href(ContentPageView.url(section.path)), .class(linkClass)) { section.title } }
                            }
                        }
                    }
                }
                p { t.t("This website gives general information and does not replace a consultation with a doctor.") }
                nav(.aria(.label, t.t("Site information"))) {
                    ul(.class("flex flex-wrap gap-x-4")) {
                        for text in legal {
                            li { a(.href(ContentPageView.url(text.path)), .class(linkClass)) { text.title } }
                        }
                        li { a(.href(SafeURL.path(locale.rawValue, "privacy", "cookies")), .class(linkClass)) { t.t("Cookies and privacy") } }
                    }
                }
                p { "© \(year) \(siteName)" }
            }
        }.render(into: &buffer)
    }
}
