/// The one way to put HTML that is not built with this module into a page.
///
/// It exists for rich text that has already passed the allowlist sanitiser; the label of its only
/// initialiser says so at every call site, so a review can find each use with one search.
public struct SanitizedHTML: Node {
    private let html: String

    /// Trusts `html` as already sanitised. Never pass user input here directly.
    public init(alreadySanitized html: String) { self.html = html }

    public func render(into buffer: inout String) { buffer += html }
}
