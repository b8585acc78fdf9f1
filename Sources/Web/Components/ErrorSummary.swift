import Markup

/// The list of a form's problems at its top, each linking to its field. It takes focus when
/// the page loads (our script; without it, it is the first thing after the heading).
public struct ErrorSummary: Node {
    /// A field's id and what is wrong with it.
    public struct Problem: Sendable {
        public let fieldID: String
        public let message: String
        public init(fieldID: String, message: String) {
            self.fieldID = fieldID
            self.message = message
        }
    }

    let title: String
    let problems: [Problem]

    public init(title: String, problems: [Problem]) {
        self.title = title
        self.problems = problems
    }

    public func render(into buffer: inout String) {
        guard !problems.isEmpty else { return }
        div(.class("rounded-xl border-2 border-red-700 bg-white p-4"), .role("alert"), .tabindex(-1),
            .aria(.labelledby, "error-summary-title"), .data("error-summary", "")) {
            h2(.id("error-summary-title"), .class("text-lg font-bold text-red-900")) { title }
            ul(.class("mt-2 list-disc ps-5")) {
                for problem in problems {
                    li { a(.href(SafeURL("#" + problem.fieldID)!), .class("font-semibold text-red-800")) { problem.message } }
                }
            }
        }.render(into: &buffer)
    }
}
