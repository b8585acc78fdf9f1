import Core
import Foundation
import Markup

/// The footer: the medical disclaimer and the copyright line, dated in the Gregorian calendar.
struct SiteFooter: Node {
    let localizer: Localizer
    let siteName: String

    func render(into buffer: inout String) {
        let year = DateFormatting.string(from: Date(), style: .year, locale: localizer.locale)
        footer(.class("site-footer")) {
            p { localizer.t("This website gives general information and does not replace a consultation with a doctor.") }
            p { "© \(year) \(siteName)" }
        }.render(into: &buffer)
    }
}
