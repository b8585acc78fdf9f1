import Markup

extension CookiesPage: Node {
    public func render(into buffer: inout String) {
        let t = chrome.localizer
        PageLayout(chrome: chrome, title: t.t("Cookies and privacy")) {
            article(.class("mx-auto flex max-w-3xl flex-col gap-6"), .data("consent-page", "")) {
                h1(.class("text-3xl font-bold")) { t.t("Cookies and privacy") }
                section(.aria(.labelledby, "cookies-essential"), .class("flex flex-col gap-2")) {
                    h2(.id("cookies-essential"), .class("text-xl font-bold")) { t.t("The one essential cookie") }
                    p {
                        t.t("We set one essential cookie when you use a form, such as signing in. It protects the form from misuse and ends when you sign out or after some hours without use. It is never used for advertising or tracking.")
                    }
                }
                section(.aria(.labelledby, "cookies-counting"), .class("flex flex-col gap-3")) {
                    h2(.id("cookies-counting"), .class("text-xl font-bold")) { t.t("Counting visits") }
                    if analytics == nil {
                        p { t.t("We do not count page views on this site.") }
                    } else {
                        p {
                            t.t("With your permission we count page views with Umami, an open-source tool that sets no cookies and builds no profile of you. It shows us which information patients look for.")
                        }
                        p { t.t("Your choice is kept in your browser for six months. You can change it here at any time.") }
                        p(.class("font-semibold"), .hidden, .role("status"), .data("consent-status", ""),
                          .data("on", t.t("Page views are counted.")), .data("off", t.t("Page views are not counted."))) {}
                        ConsentChoices(localizer: t)
                        noscript {
                            p { t.t("Counting needs JavaScript, so with JavaScript turned off nothing is counted.") }
                        }
                    }
                }
            }
        }.render(into: &buffer)
    }
}
