/// Builds children from a Swift block: strings become escaped `Text`, and `if`, `switch`,
/// optionals and `for` loops work as in ordinary code.
@resultBuilder
public enum NodeBuilder {
    public static func buildExpression(_ node: any Node) -> [any Node] { [node] }
    public static func buildExpression(_ text: String) -> [any Node] { [Text(text)] }
    public static func buildExpression(_ nodes: [any Node]) -> [any Node] { nodes }
    public static func buildBlock(_ parts: [any Node]...) -> [any Node] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [any Node]?) -> [any Node] { part ?? [] }
    public static func buildEither(first: [any Node]) -> [any Node] { first }
    public static func buildEither(second: [any Node]) -> [any Node] { second }
    public static func buildArray(_ parts: [[any Node]]) -> [any Node] { parts.flatMap { $0 } }
    public static func buildLimitedAvailability(_ part: [any Node]) -> [any Node] { part }
    public static func buildFinalResult(_ parts: [any Node]) -> Fragment { Fragment(parts) }
}
