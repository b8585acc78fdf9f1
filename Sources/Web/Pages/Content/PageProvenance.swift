import Accounts
import Content
import Core
import Foundation
import Markup

/// Tells a reader of a translation that its original has changed since, when, and where to read
/// it: a translation may lag behind a correction of medical advice.
struct OutdatedTranslationNotice: Node {
    let source: NewerSource
    let chrome: PageChrome

    func render(into buffer: inout String) {
        let t = chrome.localizer
        let language = LanguageNames.name(source.page.locale, t)
        let date = DateFormatting.string(from: source.publishedAt, style: .long, locale: chrome.locale,
                                         timeZone: chrome.context.configuration.clinicTimeZone)
        div(.class("mt-4 flex gap-3 rounded-xl border border-amber-300 bg-amber-50 p-4 text-amber-900"), .role("note"),
            .data("outdated-translation", source.page.locale.rawValue)) {
            IconView("outline/exclamation-triangle", in: chrome.context.icons, size: "size-6 mt-0.5")
            div {
                p { t.t("The original of this page, in {language}, was updated on {date}, after this translation was made.",
                        ["language": language, "date": date]) }
                a(.href(ContentPageView.url(source.page.urlPath)), .hreflang(source.page.locale.languageTag),
                  .class("inline-flex min-h-11 items-center font-semibold underline")) {
                    t.t("Read the original in {language}", ["language": language])
                }
            }
        }.render(into: &buffer)
    }
}

/// "Medically reviewed by …, Surgeon, on …": who vouches for the page, by name and role.
struct MedicalReviewLine: Node {
    let review: PageReview
    let chrome: PageChrome

    func render(into buffer: inout String) {
        let t = chrome.localizer
        let date = DateFormatting.string(from: review.reviewedAt, style: .long, locale: chrome.locale,
                                         timeZone: chrome.context.configuration.clinicTimeZone)
        // A Latin name inside an Arabic sentence keeps its own direction.
        let name = "\u{2068}\(review.reviewerName)\u{2069}"
        let text = if let role = review.reviewerRole {
            t.t("Medically reviewed by {name}, {role}, on {date}", ["name": name, "role": AdminLabels.role(role, t), "date": date])
        } else {
            t.t("Medically reviewed by {name} on {date}", ["name": name, "date": date])
        }
        p(.class("mt-4 flex items-center gap-2 text-sm text-muted"), .data("medical-review", "")) {
            IconView("outline/check-badge", in: chrome.context.icons, size: "size-5")
            span { text }
        }.render(into: &buffer)
    }
}

/// A language's name in the reader's language ("Arabic", "عربی", "арабский").
enum LanguageNames {
    static func name(_ locale: SiteLocale, _ t: Localizer) -> String {
        switch locale {
        case .en: t.t("English")
        case .ar: t.t("Arabic")
        case .fa: t.t("Persian")
        case .ru: t.t("Russian")
        }
    }
}
