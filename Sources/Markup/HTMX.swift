/// The htmx attributes we use, typed: requests only to `SafeURL`s on our own origin, no `hx-on`
/// (inline handlers need `unsafe-eval`, which our CSP refuses) and no `hx-vals` with `js:`.
extension Attribute {
    /// How htmx puts a response into the page.
    public enum HTMXSwap: String, Sendable {
        case innerHTML, outerHTML, beforeend, afterend, none
    }

    public static func hxGet(_ url: SafeURL) -> Attribute { Attribute("hx-get", url.value) }
    public static func hxPost(_ url: SafeURL) -> Attribute { Attribute("hx-post", url.value) }
    /// A CSS selector of the element to update (`this`, `#id`, `closest form`).
    public static func hxTarget(_ selector: String) -> Attribute { Attribute("hx-target", selector) }
    public static func hxSwap(_ swap: HTMXSwap) -> Attribute { Attribute("hx-swap", swap.rawValue) }
    /// Shows elements with the `htmx-indicator` class inside this one while the request runs.
    public static func hxIndicator(_ selector: String) -> Attribute { Attribute("hx-indicator", selector) }
    /// The part of the response to use (a CSS selector): a whole page answers, one region is taken.
    public static func hxSelect(_ selector: String) -> Attribute { Attribute("hx-select", selector) }
    /// Events that send the request (`change`, `submit`), instead of the element's natural one.
    public static func hxTrigger(_ events: String) -> Attribute { Attribute("hx-trigger", events) }
    /// Puts the request's address in the history, so the result can be bookmarked and shared.
    public static var hxPushURL: Attribute { Attribute("hx-push-url", "true") }
}
