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
}
