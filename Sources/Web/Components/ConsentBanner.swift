import Core
import Markup

/// Asks once whether page views may be counted. Rendered only when analytics is configured,
/// hidden until our consent script shows it (without script no analytics can run, so there is
/// nothing to ask). It sits in the page flow above the top bar, so it never covers content or focus.
struct ConsentBanner: Node {
    let localizer: Localizer
    let analytics: AnalyticsConfiguration

    func render(into buffer: inout String) {
        let t = localizer
        section(.id("cookie-consent"), .hidden, .aria(.labelledby, "cookie-consent-title"),
                .data("analytics-script", analytics.scriptURL), .data("analytics-site", analytics.siteID),
                .class("border-b border-line bg-brand-50")) {
            div(.class("mx-auto flex max-w-6xl flex-col gap-3 px-4 py-4 sm:px-6 md:flex-row md:items-center")) {
                div(.class("flex-1")) {
                    h2(.id("cookie-consent-title"), .class("font-bold")) { t.t("May we count your visit?") }
                    p(.class("text-sm text-muted")) {
                        t.t("With your permission we count page views, without cookies and without a profile of you. Nothing is counted until you choose.")
                        " "
                        a(.href(SafeURL.path(localizer.locale.rawValue, "privacy", "cookies")), .class("font-semibold")) { t.t("Cookies and privacy") }
                    }
                }
                ConsentChoices(localizer: t)
            }
        }.render(into: &buffer)
    }
}

/// The two choices, as buttons our consent script listens to (they change nothing on the server).
struct ConsentChoices: Node {
    let localizer: Localizer

    func render(into buffer: inout String) {
        div(.class("flex flex-wrap gap-2")) {
            Button(localizer.t("Allow counting"), kind: .button, .data("consent", "analytics"))
            Button(localizer.t("Only what is essential"), style: .secondary, kind: .button, .data("consent", "essential"))
        }.render(into: &buffer)
    }
}
