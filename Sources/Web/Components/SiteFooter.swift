import Core
import Foundation
import Markup

/// The footer: the medical disclaimer and the copyright line, dated in the Gregorian calendar.
struct SiteFooter: Node {
    let localizer: Localizer
    let siteName: String

    func render(into buffer: inout String) {
        let year = DateFormatting.year(of: Date(), locale: localizer.locale)
        footer(.class("mt-auto border-t border-line bg-white")) {
            div(.class("mx-auto flex max-w-6xl flex-col gap-3 px-4 py-8 text-sm text-muted sm:px-6")) {
                p { localizer.t("This website gives general information and does not replace a consultation with a doctor.") }
                nav(.aria(.label, localizer.t("Site information"))) {
                    ul(.class("flex flex-wrap gap-x-4")) {
                        li {
                            a(.href(SafeURL.path(localizer.locale.rawValue, "privacy", "cookies")),
                              .class("inline-flex min-h-11 items-center font-semibold")) { localizer.t("Cookies and privacy") }
                        }
                    }
                }
                p { "© \(year) \(siteName)" }
            }
        }.render(into: &buffer)
    }
}
