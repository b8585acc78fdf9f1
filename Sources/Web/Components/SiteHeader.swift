import Content
import Markup

/// The sticky top bar: the clinic's name, the main sections, the language, and the one call to
/// action. The sections are the site's own pages of those kinds in the page's language, under
/// short names of ours (a page's title is too long for a bar); a kind the site lacks is left out. On phones the sections and languages fold into a disclosure menu that works without
/// script (a native `<details>`; our module adds Escape and click-outside to close it).
struct SiteHeader: Node {
    let chrome: PageChrome
    let siteName: String

    func render(into buffer: inout String) {
        let t = chrome.localizer
        let icons = chrome.context.icons
        let home = SafeURL.path(chrome.locale.rawValue, trailingSlash: true)
        let kinds = [(PageTypes.procedure, t.t("Methods")), (PageTypes.internationalCenter, t.t("Patients from abroad")),
                     (PageTypes.rehabTimeline, t.t("Rehabilitation")), (PageTypes.cost, t.t("Costs")), (PageTypes.faq, t.t("Questions"))]
        let here = chrome.alternates[chrome.locale]
        var sections: [(label: String, url: SafeURL, current: Bool)] = kinds.compactMap { kind, label in
            chrome.menu?.section(ofType: kind.name).map { section in
                let url = ContentPageView.url(section.path)
                return (label, url, here.map { $0.hasPrefix(url.value) } ?? false)
            }
        }
        // The same link for everyone (the header is cached publicly); it signs in when needed.
        sections.append((t.t("Your account"), SafeURL.path(chrome.locale.rawValue, "account", trailingSlash: true), false))
        let callToAction = (t.t("Plan your treatment"), SafeURL.path(chrome.locale.rawValue, "inquiry"))

        header(.class("sticky top-0 z-40 border-b border-line bg-white")) {
            div(.class("mx-auto flex max-w-6xl items-center gap-2 px-4 py-2 sm:px-6")) {
                a(.class("me-auto inline-flex min-h-11 items-center gap-2 whitespace-nowrap text-lg font-bold text-ink no-underline"), .href(home)) {
                    span(.class("inline-flex size-9 items-center justify-center rounded-xl bg-brand-700 text-white"), .aria(.hidden, "true")) { "H" }
                    siteName
                }
                div(.class("hidden lg:block")) { LanguageSwitcher(chrome: chrome, style: .dropdown) }
                div(.class("hidden whitespace-nowrap sm:block")) { LinkButton(callToAction.0, to: callToAction.1) }
                details(.class("lg:hidden"), .data("menu", "")) {
                    summary(.class("inline-flex min-h-11 min-w-11 cursor-pointer items-center justify-center gap-2 rounded-xl border border-line px-3 font-semibold text-ink hover:bg-brand-50 focus-visible:outline-3 focus-visible:outline-focus")) {
                        IconView("outline/bars-3", in: icons, size: "size-6")
                        span { t.t("Menu") }
                    }
                    div(.class("absolute inset-x-0 top-full max-h-[calc(100vh-4rem)] overflow-y-auto border-b border-line bg-white px-4 pb-4 shadow-lg sm:px-6")) {
                        nav(.aria(.label, t.t("Main")), .class("py-2")) {
                            ul(.class("flex flex-col gap-1")) {
                                for section in sections {
                                    li { link(section, "flex min-h-11 items-center rounded-lg px-3 font-semibold text-ink no-underline hover:bg-brand-50") }
                                }
                            }
                        }
                        div(.class("pb-3 sm:hidden")) { LinkButton(callToAction.0, to: callToAction.1) }
                        LanguageSwitcher(chrome: chrome, style: .list)
                    }
                }
            }
            // On wide screens the sections have a row of their own: in Russian or with a long
            // section name they would not fit beside the clinic's name, the language and the button.
            nav(.aria(.label, t.t("Main")), .class("hidden border-t border-line lg:block")) {
                ul(.class("mx-auto flex max-w-6xl flex-wrap items-center gap-x-1 px-2 sm:px-4")) {
                    for section in sections {
                        li { link(section, "inline-flex min-h-11 items-center whitespace-nowrap rounded-xl px-3 font-semibold text-ink no-underline hover:bg-brand-50") }
                    }
                }
            }
        }.render(into: &buffer)
    }

    /// The section the reader is in is marked, for screen readers and by its underline.
    func link(_ section: (label: String, url: SafeURL, current: Bool), _ classes: String) -> Element {
        section.current
            ? a(.href(section.url), .aria(.current, "true"), .class(classes + " underline decoration-2 underline-offset-8")) { section.label }
            : a(.href(section.url), .class(classes)) { section.label }
    }
}
