import Markup

/// The first focusable element of every page: jumps keyboard and screen-reader users past the header.
struct SkipLink: Node {
    let label: String

    func render(into buffer: inout String) {
        a(.class("skip-link sr-only focus:not-sr-only focus:fixed focus:start-2 focus:top-2 focus:z-50 focus:inline-flex focus:min-h-11 focus:items-center focus:rounded-xl focus:bg-brand-700 focus:px-4 focus:text-white"),
          .href(SafeURL("#main")!)) { label }.render(into: &buffer)
    }
}
