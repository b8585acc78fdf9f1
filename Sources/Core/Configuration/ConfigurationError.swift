/// A bad configuration value: names the variable so an operator can fix it from one line.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The environment variable at fault, e.g. `HC_DATABASE_URL`.
    public let variable: String
    /// What is wrong with it, never echoing a secret.
    public let problem: String

    public init(_ variable: String, _ problem: String) {
        self.variable = variable
        self.problem = problem
    }

    public var description: String { "\(variable): \(problem)" }
}
