/// Which kind of deployment this process is: it decides the safe defaults.
public enum AppEnvironment: String, Sendable, CaseIterable {
    case development
    case testing
    case production

    /// Production refuses development defaults; the others accept them.
    public var isProduction: Bool { self == .production }
}
