import Markup

/// The first focusable element of every page: jumps keyboard and screen-reader users past the header.
struct SkipLink: Node {
    let label: String

    func render(into buffer: inout String) {
        a(.class("skip-link"), .href(SafeURL("#main")!)) { label }.render(into: &buffer)
    }
}
